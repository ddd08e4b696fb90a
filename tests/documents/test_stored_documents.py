"""The documents of a published version are rendered once, at publication, in a background task,
stored with their SHA-256, and served as stored (issue #13, part 3). A GET never stores: a
download that finds a document missing renders it and queues the task."""

import datetime
import hashlib
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from blocks.freeze import FrozenYearError
from documents import stored
from results.models import PublishedDocument
from results.selectors import ranking_page
from results.services import correct_publication, publish_term
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 20)
KINDS = {
    "ranking_pdf": "documents:ranking_pdf",
    "ranking_docx": "documents:ranking_docx",
    "ranking_xlsx": "documents:ranking_xlsx",
    "matrix_xlsx": "documents:matrix_xlsx",
}


def _publish(term, board, capture):
    with capture(execute=True):  # the commit: the task runs (immediately in the tests)
        return publish_term(term=term, actor=board, decision_number="7/QĐ", decision_date=DAY)


def _bytes(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _download(client, term, kind, **params):
    response = client.get(reverse(KINDS[kind], args=[term.block_id, term.year]), params)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_publication_stores_every_document_with_its_checksum(
    world, client, django_capture_on_commit_callbacks
):
    term = make_scored_term(units=3, criteria=2, year=2023, block=world.block)
    publication = _publish(term, world.users["board"], django_capture_on_commit_callbacks)

    documents = list(PublishedDocument.objects.filter(publication=publication))
    assert sorted((d.kind, d.language) for d in documents) == sorted(
        (kind, language) for kind in KINDS for language in ("vi", "en")
    )
    for document in documents:
        content = _bytes(document)
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert len(content) == document.size
        assert document.file.name.startswith(f"published/{term.pk}/v1/{document.language}/")
    pdf = next(d for d in documents if d.kind == "ranking_pdf" and d.language == "vi")
    assert _bytes(pdf).startswith(b"%PDF")
    # Each stored document is in the audit trail, with its checksum.
    logged = AuditEntry.objects.filter(action="results.document.stored", term_id=term.pk)
    assert sorted(entry.after["sha256"] for entry in logged) == sorted(d.sha256 for d in documents)

    # The published page shows the checksums next to the download links.
    page = client.get(reverse("portal:term_ranking", args=[term.block_id, term.year])).text
    shown = re.findall(r'<code class="text-break td-sha256">([0-9a-f]{64})</code>', page)
    assert shown == [
        next(d.sha256 for d in documents if d.kind == kind and d.language == "vi") for kind in KINDS
    ]


def test_downloads_serve_the_stored_bytes(
    world, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    term = make_scored_term(units=3, criteria=2, year=2023, block=world.block)
    publication = _publish(term, world.users["board"], django_capture_on_commit_callbacks)
    for kind in KINDS:
        document = PublishedDocument.objects.get(publication=publication, kind=kind, language="vi")
        with django_assert_num_queries(2):  # term (1), the stored document (1)
            response, content = _download(client, term, kind)
        assert content == _bytes(document)
        assert response["ETag"] == f'"{document.sha256}"'
        assert f"-{term.block_id}-2023-v1." in response["Content-Disposition"]
        again = client.get(
            reverse(KINDS[kind], args=[term.block_id, term.year]),
            headers={"If-None-Match": response["ETag"]},
        )
        assert again.status_code == 304
    # In English, the English document.
    client.cookies["django_language"] = "en"
    english = PublishedDocument.objects.get(
        publication=publication, kind="ranking_xlsx", language="en"
    )
    assert _download(client, term, "ranking_xlsx")[1] == _bytes(english)


def test_a_correction_stores_new_documents_and_keeps_the_old_ones(
    world, client, django_capture_on_commit_callbacks
):
    term = make_scored_term(units=3, criteria=2, year=2023, block=world.block)
    first = _publish(term, world.users["board"], django_capture_on_commit_callbacks)
    unit_id = first.snapshot["rows"][0]["unit_id"]
    with django_capture_on_commit_callbacks(execute=True):
        second = correct_publication(
            term=term,
            actor=world.users["board"],
            decision_number="8/QĐ",
            decision_date=DAY,
            reason="Sai sót",
            adjustments={(unit_id, "1"): Decimal("0")},
        )
    old = PublishedDocument.objects.get(publication=first, kind="ranking_xlsx", language="vi")
    new = PublishedDocument.objects.get(publication=second, kind="ranking_xlsx", language="vi")
    assert new.file.name != old.file.name and new.sha256 != old.sha256
    assert PublishedDocument.objects.filter(publication=second).count() == 8
    assert _download(client, term, "ranking_xlsx")[1] == _bytes(new)
    assert _download(client, term, "ranking_xlsx", version=1)[1] == _bytes(old)
    assert _download(client, term, "ranking_xlsx", version=2)[1] == _bytes(new)


def test_a_year_published_before_is_rendered_at_its_first_download_and_stored_by_the_task(
    world, client, django_capture_on_commit_callbacks
):
    """The world's year was published without running the task (its commit never happened)."""
    term = world.published_term
    assert not PublishedDocument.objects.filter(publication__term=term).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(reverse(KINDS["ranking_docx"], args=[term.block_id, term.year]))
        assert response.status_code == 200 and response.content.startswith(b"PK")
        # Rendered for this download; the GET itself stored nothing, it queued the task.
        assert not PublishedDocument.objects.filter(publication__term=term).exists()
        client.get(reverse(KINDS["ranking_pdf"], args=[term.block_id, term.year]))
    assert len(callbacks) == 1  # queued once however many downloads asked
    assert PublishedDocument.objects.filter(publication__term=term).count() == 8
    document = PublishedDocument.objects.get(
        publication__term=term, kind="ranking_docx", language="vi"
    )
    content = _download(client, term, "ranking_docx")[1]
    assert content == _bytes(document)
    assert hashlib.sha256(content).hexdigest() == document.sha256


def test_drafts_are_never_stored(world, clients):
    response = clients["leader"].get(reverse("documents:ranking_xlsx", args=[world.block.pk, 2025]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert not PublishedDocument.objects.filter(publication__term=world.term).exists()


def test_a_stored_document_is_never_changed_or_deleted(world):
    publication = world.published_term.publications.get()
    stored.store(ranking_page(world.published_term), "ranking_xlsx", "vi")
    document = PublishedDocument.objects.get(publication=publication)
    with pytest.raises(TypeError):
        document.save()
    with pytest.raises(FrozenYearError):
        document.delete()
    with pytest.raises(FrozenYearError):
        PublishedDocument.objects.all().delete()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_worker_stores_the_documents():
    """Integration: queued in the database at publication, run by `manage.py db_worker`."""
    from django_tasks_db.models import DBTaskResult

    from tests.factories import UserFactory

    term = make_scored_term(units=2, criteria=1, year=2023)
    board = UserFactory(board_province=term.block.province)
    publication = publish_term(term=term, actor=board, decision_number="9/QĐ", decision_date=DAY)
    row = DBTaskResult.objects.get(task_path="documents.tasks.store_published_documents")
    assert row.args_kwargs["kwargs"] == {"publication_id": publication.pk}
    assert not PublishedDocument.objects.exists()  # nothing rendered in the request

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.return_value == 8
    documents = PublishedDocument.objects.filter(publication=publication)
    assert documents.count() == 8
    for document in documents:
        assert hashlib.sha256(_bytes(document)).hexdigest() == document.sha256
