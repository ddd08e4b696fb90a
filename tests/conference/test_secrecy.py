"""After a secret ballot, nothing in the database links a unit (or its officer) to its choice.

Three units vote through the pages (choice, then confirmation), the ballot closes, and every
table of every installed app is read back whole: all models, all columns, the audit trail and
the sessions included.
"""

import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from audit.models import AuditEntry
from conference import services
from conference.models import Ballot, BallotOption, Cast, Elector

pytestmark = pytest.mark.django_db


def _rows(model) -> list[dict]:
    fields = [f.attname for f in model._meta.concrete_fields]
    return [dict(zip(fields, row, strict=True)) for row in model._base_manager.values_list(*fields)]


def _fk_columns(model, target) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is target
    ]


@pytest.fixture
def secret_ballot(conf, clients):
    ballot = conf.opened(title="Thông qua báo cáo tổng kết")
    options_before = _rows(BallotOption)
    url = reverse(
        "conference:ballot_vote",
        args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk, ballot.pk],
    )
    choices = {"leader": "yes", "deputy": "no", "member": "yes"}
    for persona, kind in choices.items():
        option = ballot.options.get(kind=kind)
        client = clients[persona]
        # the choice, then its confirmation
        assert client.post(url, {"option": option.pk}).status_code == 200
        assert client.post(url, {"option": option.pk, "confirmed": "1"}).status_code == 302
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    voters = {conf.world.users[p].unit_id for p in choices}
    users = {conf.world.users[p].pk for p in choices}
    return ballot, options_before, voters, users


def test_the_counts_are_right(secret_ballot):
    ballot, *_ = secret_ballot
    assert {o.kind: o.votes for o in ballot.options.all()} == {"yes": 2, "no": 1, "abstain": 0}
    assert ballot.votes_cast == 3


def test_no_row_of_any_table_joins_a_voter_and_a_choice(secret_ballot):
    ballot, _before, voters, users = secret_ballot
    option_ids = set(ballot.options.values_list("pk", flat=True))
    elector_ids = set(Elector.objects.filter(ballot=ballot).values_list("pk", flat=True))
    cast_ids = set(Cast.objects.filter(elector__ballot=ballot).values_list("pk", flat=True))
    from accounts.models import User
    from blocks.models import Unit

    who = {Elector: elector_ids, Cast: cast_ids, Unit: voters, User: users}
    checked = 0
    for model in apps.get_models():
        to_option = _fk_columns(model, BallotOption)
        to_voter = {col: ids for target, ids in who.items() for col in _fk_columns(model, target)}
        if model is Cast:
            to_voter["id"] = cast_ids
        if model is Elector:
            to_voter["id"] = elector_ids
        for row in _rows(model):
            checked += 1
            chose = any(row[col] in option_ids for col in to_option) or (
                model is BallotOption and row["id"] in option_ids
            )
            voted = any(row[col] in ids for col, ids in to_voter.items())
            assert not (chose and voted), f"{model._meta.label} row {row} links a voter to a choice"
    assert checked > 50


def test_the_options_carry_no_time_and_no_order_of_the_votes(secret_ballot):
    ballot, before, *_ = secret_ballot
    kinds = {type(f) for f in BallotOption._meta.concrete_fields}
    assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}
    after = {row["id"]: row for row in _rows(BallotOption)}
    # created before the vote opened; the vote changed their counters and nothing else
    for row in before:
        changed = {k for k, v in row.items() if after[row["id"]][k] != v}
        assert changed <= {"votes"}


def test_the_fact_of_voting_holds_no_choice(secret_ballot):
    ballot, *_ = secret_ballot
    casts = Cast.objects.filter(elector__ballot=ballot)
    assert casts.count() == 3
    assert not casts.filter(option__isnull=False).exists()
    columns = {f.attname for f in Cast._meta.concrete_fields}
    assert columns == {"id", "elector_id", "cast_by_id", "cast_at", "option_id"}


def test_the_audit_trail_and_the_sessions_name_no_choice(secret_ballot):
    ballot, _before, voters, _users = secret_ballot
    labels = {str(o.label) for o in ballot.options.all()}
    for entry in AuditEntry.objects.all():
        assert entry.object_type != "conference.ballotoption"
        if entry.action == "conference.vote.cast":
            assert set(entry.after) == {"ballot_id", "unit_id"}
            assert entry.after["unit_id"] in voters
            for label in labels:
                assert label not in json.dumps(entry.after, ensure_ascii=False)
        for key in ("option", "option_id", "choice"):
            assert key not in (entry.after or {}), entry.action
            assert key not in (entry.before or {}), entry.action
    for session in Session.objects.all():
        data = session.get_decoded()
        text = json.dumps(data, default=str)
        assert "option" not in text


def test_the_ballot_page_never_shows_a_units_choice(secret_ballot, conf, clients):
    ballot, *_ = secret_ballot
    url = reverse(
        "conference:ballot",
        args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk, ballot.pk],
    )
    page = clients["deputy"].get(url).content.decode()
    assert "Your unit has voted" in page or "Đơn vị của bạn đã biểu quyết" in page
    assert ballot.is_secret and Ballot.objects.get(pk=ballot.pk).is_closed
