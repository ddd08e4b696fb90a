"""Evidence files: checked on upload, stored under MEDIA_ROOT, served only to who may read."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEntry
from scoring import services
from scoring.models import Evidence
from tests.scoring.conftest import PDF, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(world, open_term):
    score = open_term.member_sheet.scores.get(criterion=open_term.scored[0])
    return services.add_evidence(
        score=score, upload=pdf("bao-cao.pdf"), description="Báo cáo", actor=world.users["member"]
    )


def _url(world, evidence, name="scoring:evidence"):
    return reverse(name, args=[world.block.pk, 2026, world.member_unit.pk, evidence.pk])


def test_the_file_is_stored_outside_static_files(world, evidence):
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert path.read_bytes() == PDF
    assert evidence.size == len(PDF) and evidence.mime == "application/pdf"
    entry = AuditEntry.objects.get(action="scoring.evidence.added")
    assert entry.after["criterion"] == "1" and entry.after["name"] == "bao-cao.pdf"


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("member", 200),
        ("deputy", 403),
        ("leader", 200),
        ("board", 200),
        ("council", 200),
        ("superuser", 200),
    ],
)
def test_download_by_persona(world, clients, evidence, persona, expected):
    response = clients[persona].get(_url(world, evidence))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_only_reachable_through_its_own_sheet(world, clients, open_term, evidence):
    url = reverse(
        "scoring:evidence", args=[world.block.pk, 2026, world.leader_unit.pk, evidence.pk]
    )
    assert clients["leader"].get(url).status_code == 404


def test_removing_hides_the_file_and_is_logged(world, clients, evidence):
    response = clients["member"].post(_url(world, evidence, "scoring:evidence_remove"))
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert clients["member"].get(_url(world, evidence)).status_code == 404
    assert AuditEntry.objects.filter(action="scoring.evidence.removed").count() == 1


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("script.pdf", b"#!/bin/sh\necho hi\n", "file_type"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_bad_files_are_refused(world, open_term, name, content, code):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    score = open_term.member_sheet.scores.get(criterion=open_term.scored[0])
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(
            score=score, upload=SimpleUploadedFile(name, content), actor=world.users["member"]
        )
    assert exc.value.error_list[0].code == code
    assert not Evidence.objects.exists()


def test_too_large_files_are_refused(world, open_term, settings):
    from django.core.exceptions import ValidationError

    settings.MAX_UPLOAD_SIZE = 10
    score = open_term.member_sheet.scores.get(criterion=open_term.scored[0])
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(score=score, upload=pdf(), actor=world.users["member"])
    assert exc.value.error_list[0].code == "file_too_large"
    assert not Evidence.objects.exists()
