"""The sheet history reads the audit entries' own `sheet_id` and `criterion_id` columns (filled
by the scoring services, and for older rows by the data migration), newest first, a page at a
time with "show all" on demand."""

import importlib
import types
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from audit.models import AuditEntry
from scoring import selectors, services
from scoring.models import Evidence, Query, Score
from tests.factories import BlockFactory, UserFactory, make_scored_term
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db
fill_migration = importlib.import_module("scoring.migrations.0005_fill_audit_columns")


def test_scoring_services_fill_the_columns(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    member, leader = world.users["member"], world.users["leader"]
    services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o),
        uploads={o.scored[0].pk: [pdf()]},
        version=1,
        actor=member,
    )
    score = Score.objects.get(sheet=sheet, criterion=o.scored[1])
    services.submit_sheet(sheet=sheet, version=None, actor=member)
    services.raise_query(score=score, question="Vì sao?", actor=leader)
    entries = AuditEntry.objects.filter(term_id=o.term.pk, after__sheet_id=sheet.pk)
    assert entries.count() > 8
    assert not entries.filter(sheet_id__isnull=True).exists()
    assert set(entries.values_list("sheet_id", flat=True)) == {sheet.pk}
    for entry in entries:
        if "criterion" in entry.after:
            assert entry.criterion_id is not None
            assert entry.after["criterion"] == _code(entry.criterion_id)
        else:  # status changes and the like concern the sheet, not a criterion
            assert entry.criterion_id is None
    assert entries.filter(action="scoring.evidence.added", criterion_id=o.scored[0].pk).exists()
    assert entries.filter(action="scoring.query.raised", criterion_id=o.scored[1].pk).exists()


def _code(criterion_id):
    from campaigns.models import Criterion

    return Criterion.objects.get(pk=criterion_id).code


def _busy_sheet(world, changes: int):
    """A 12-criterion sheet with `changes` recorded changes; its leader officer."""
    term = make_scored_term(
        units=3, criteria=12, year=2030, block=BlockFactory(province=world.province)
    )
    sheet = term.sheets.exclude(unit=term.leader).order_by("pk").first()
    leader = UserFactory(username=f"leader-{changes}", unit=term.leader)
    scores = list(sheet.scores.select_related("criterion"))
    with transaction.atomic():
        from audit.services import log_action

        for n in range(changes):
            score = scores[n % len(scores)]
            log_action(
                actor=leader,
                action="scoring.score.reviewed",
                obj=score,
                before={"reviewed_points": None},
                after={
                    "reviewed_points": f"{n % 10}.00",
                    "criterion": score.criterion.code,
                    "sheet_id": sheet.pk,
                    "sheet_version": n,
                },
                term_id=term.pk,
                criterion_id=score.criterion_id,
            )
    return sheet, leader


@pytest.mark.parametrize("changes", [10, 200])
def test_the_sheet_page_shows_the_newest_changes_in_the_same_queries(
    world, client, django_assert_num_queries, changes
):
    sheet, leader = _busy_sheet(world, changes)
    client.force_login(leader)
    url = reverse("scoring:sheet", args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])
    # session, user with the menu's unit, the sheet with its year; criteria, scores, evidence,
    # queries; the history (one more row than shown)
    with django_assert_num_queries(8):
        response = client.get(url)
    history = response.context["history"]
    shown = min(changes, selectors.HISTORY_SHOWN)
    assert len(history) == shown and history.more == (changes > shown)
    assert [e.after["sheet_version"] for e in history] == list(
        range(changes - 1, changes - 1 - shown, -1)
    )  # newest first
    page = response.content.decode()
    assert ('id="history-all"' in page) == (changes > shown)
    with django_assert_num_queries(8):
        response = client.get(url + "?history=all")
    assert len(response.context["history"]) == changes
    assert response.context["history"].complete
    assert 'id="history-all"' not in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("limit", [selectors.HISTORY_SHOWN, None, 3])
def test_the_history_lines_show_what_the_audit_entries_do(world, language, limit):
    """A sheet's history is read as plain values (`HistoryLine`), not as audit entries with
    their users: the table it writes is the same, whoever made each change (a full name, first
    and last name only, a user name only, nobody), newest first."""
    from django.utils import translation

    from audit.services import log_action
    from scoring.templatetags.sheet_tags import history_rows

    sheet, leader = _busy_sheet(world, 34)
    named = UserFactory(username="ten", full_name="", first_name="Lan", last_name="Nguyễn")
    bare = UserFactory(username="chi-ten", full_name="", first_name="", last_name="")
    with transaction.atomic():
        for n, actor in enumerate([named, bare, None]):
            log_action(
                actor=actor,
                action="scoring.sheet.status_changed",
                obj=sheet,
                before={"status": "draft"},
                after={"status": "submitted", "sheet_id": sheet.pk, "sheet_version": 40 + n},
                term_id=sheet.term_id,
                reason="<lý do>" if n else "",
            )
    history = selectors.sheet_history(sheet, limit=limit)
    entries = list(
        AuditEntry.objects.filter(sheet_id=sheet.pk)
        .select_related("actor")
        .order_by("-at", "-pk")[: limit or None]
    )
    assert all(isinstance(line, selectors.HistoryLine) for line in history)
    assert [line.pk for line in history] == [e.pk for e in entries]
    assert [line.who for line in history][:3] == ["", "chi-ten", "Lan Nguyễn"]
    with translation.override(language):
        assert history_rows(history.entries) == history_rows(entries)


def test_the_review_page_pages_its_history_too(world, client):
    sheet, leader = _busy_sheet(world, 40)
    client.force_login(leader)
    args = [sheet.term.block_id, sheet.term.year, sheet.unit_id]
    response = client.get(reverse("scoring:sheet_review", args=args))
    assert len(response.context["history"]) == selectors.HISTORY_SHOWN
    assert 'href="?history=all#sheet-history"' in response.content.decode()


def test_a_score_history_follows_its_code_across_scale_versions(world, open_term):
    """Entries name the criterion of their time; a score carried to a new version keeps them."""
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet, entries=full_entries(o), version=1, actor=world.users["member"]
    )
    score = Score.objects.select_related("criterion", "sheet").get(
        sheet=sheet, criterion=o.scored[2]
    )
    assert len(selectors.score_history(score)) == 1
    from campaigns.models import Criterion
    from tests.factories import CriterionFactory, ScaleFactory

    newer = ScaleFactory(term=o.term, version=2)
    twin = CriterionFactory(scale=newer, code=o.scored[2].code, order=3)
    CriterionFactory(scale=newer, code="other", order=4)
    Score.objects.filter(pk=score.pk).update(criterion=twin)  # as a version move carries it
    score = Score.objects.select_related("criterion", "sheet").get(pk=score.pk)
    assert score.criterion.scale_id == newer.pk
    history = selectors.score_history(score)
    assert len(history) == 1 and history[0].criterion_id == o.scored[2].pk
    assert Criterion.objects.filter(code=o.scored[2].code, scale__term=o.term).count() == 2


def _raw_entry(**fields) -> AuditEntry:
    """An entry as written before the columns existed (both empty)."""
    entry = AuditEntry(object_repr="", reason="", **fields)
    entry.save()
    return entry


def test_the_data_migration_fills_older_rows(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    member, leader = world.users["member"], world.users["leader"]
    score = Score.objects.get(sheet=sheet, criterion=o.scored[0])
    evidence = Evidence.objects.create(
        score=score, file="evidence/x.pdf", original_name="x.pdf", mime="a", size=1,
        uploaded_by=member,
    )  # fmt: skip
    query = Query.objects.create(score=score, question="?", raised_by=leader)
    common = {"actor": member, "term_id": o.term.pk}
    rows = {
        "score": _raw_entry(
            action="scoring.score.self_scored", object_type="scoring.score",
            object_id=str(score.pk), after={"sheet_id": sheet.pk, "criterion": "1"}, **common,
        ),
        "evidence": _raw_entry(
            action="scoring.evidence.added", object_type="scoring.evidence",
            object_id=str(evidence.pk), after={"sheet_id": sheet.pk, "criterion": "1"}, **common,
        ),
        "query": _raw_entry(
            action="scoring.query.raised", object_type="scoring.query",
            object_id=str(query.pk), after={"sheet_id": sheet.pk, "criterion": "1"}, **common,
        ),
        "status": _raw_entry(
            action="scoring.sheet.status_changed", object_type="scoring.scoresheet",
            object_id=str(sheet.pk), after={"status": "draft", "sheet_id": sheet.pk}, **common,
        ),
        "other": _raw_entry(
            action="results.term.published", object_type="blocks.term",
            object_id=str(o.term.pk), after={"version": 1}, **common,
        ),
    }  # fmt: skip
    ids = [e.pk for e in rows.values()]
    assert not AuditEntry.objects.filter(pk__in=ids, sheet_id__isnull=False).exists()

    # The migration's own models (plain managers), as `migrate` hands them over.
    state = MigrationLoader(connection).project_state(("scoring", "0005_fill_audit_columns"))
    fill_migration.fill(state.apps, types.SimpleNamespace(connection=connection))

    got = {k: AuditEntry.objects.get(pk=e.pk) for k, e in rows.items()}
    for key in ("score", "evidence", "query"):
        assert (got[key].sheet_id, got[key].criterion_id) == (sheet.pk, o.scored[0].pk), key
    assert (got["status"].sheet_id, got["status"].criterion_id) == (sheet.pk, None)
    assert (got["other"].sheet_id, got["other"].criterion_id) == (None, None)
    if connection.vendor == "postgresql":
        # The append-only trigger is on again after the migration.
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE audit_auditentry SET reason = 'x' WHERE id = %s", [got["score"].pk]
            )


def test_a_points_value_is_still_recorded_as_text(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries={o.scored[0].pk: services.SelfEntry(points=Decimal("8.5"), note="  ghi chú ")},
        version=1,
        actor=world.users["member"],
    )
    entry = AuditEntry.objects.get(action="scoring.score.self_scored")
    assert entry.after["self_points"] == "8.50" and entry.after["self_note"] == "ghi chú"
    assert entry.after["sheet_version"] == 2 and entry.object_repr.endswith("/ 1")
