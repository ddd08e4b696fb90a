"""emulation.prepared: a hot read compiled once gives exactly what its ORM queryset gives.

Every prepared query of the project is run against the shared world and compared, row by row
and field by field (related objects of `select_related` included), with the same queryset run
by the ORM; and the helper refuses what it cannot prepare faithfully.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from blocks import access as block_access
from blocks.models import Membership, Term
from campaigns.models import Criterion
from emulation.prepared import REGISTRY, PreparedQuery
from scoring import access as scoring_access
from scoring.models import Evidence, Query, Score, ScoreSheet
from scoring.selectors import board as board_selectors
from scoring.selectors import history as history_selectors
from scoring.selectors import sheet as sheet_selectors
from scoring.services import common as scoring_common


def _fields(obj) -> dict:
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def _related(obj, names: list[str]) -> dict:
    found = {}
    for name in names:
        value = obj
        for part in name.split("__"):
            value = getattr(value, part) if value is not None else None
        found[name] = None if value is None else (type(value), _fields(value))
    return found


def _order_key(row):
    return (
        (0, row.pk, ())
        if hasattr(row, "pk")
        else (1, 0, tuple(map(str, row)) if isinstance(row, tuple) else (str(row),))
    )


def assert_same(prepared: PreparedQuery, related: list[str] = (), **values) -> list:
    queryset = prepared.build(**values)
    expected = list(queryset)
    with CaptureQueriesContext(connection) as queries:
        got = prepared.all(**values)
    assert len(queries) == 1
    if not queryset.ordered:
        # No ORDER BY: the database may give the rows in any order, the same SQL included.
        expected, got = sorted(expected, key=_order_key), sorted(got, key=_order_key)
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        if isinstance(theirs, tuple | int | str | datetime.date) or theirs is None:
            assert mine == theirs
            continue
        assert type(mine) is type(theirs)
        assert _fields(mine) == _fields(theirs)
        assert _related(mine, list(related)) == _related(theirs, list(related))
        assert mine._state.adding is False and mine._state.db == "default"
    return got


# The project's prepared queries, each with the arguments the world gives it.
def _cases(world):
    term = world.term
    sheet = ScoreSheet.objects.filter(term=term, unit=world.member_unit).get()
    year = datetime.date(term.year, 1, 1), datetime.date(term.year, 12, 31)
    return [
        (
            block_access._TERM_BY_YEAR,
            ["block__province", "leader", "deputy"],
            {"block": term.block_id, "year": term.year},
        ),
        *(
            (
                block_access._TERM_BY_YEAR_FOR_UNIT,
                ["block__province", "leader", "deputy"],
                {
                    "block": term.block_id,
                    "year": term.year,
                    "unit": unit.pk,
                    "user": user.pk,
                    "start": year[0],
                    "end": year[1],
                },
            )
            for unit, user in (
                (world.member_unit, world.users["council"]),
                (world.outsider_unit, world.users["member"]),
            )
        ),
        (
            block_access._MEMBERSHIP,
            [],
            {
                "block": term.block_id,
                "unit": world.member_unit.pk,
                "start": year[0],
                "end": year[1],
            },
        ),
        (
            block_access._MEMBERSHIP,
            [],
            {
                "block": term.block_id,
                "unit": world.outsider_unit.pk,
                "start": year[0],
                "end": year[1],
            },
        ),
        (scoring_access._SHEET, ["unit", "scale"], {"term": term.pk, "unit": sheet.unit_id}),
        (
            scoring_access._SHEET_WITH_SIGNERS,
            ["unit", "scale", "submitted_by", "verified_by"],
            {"term": term.pk, "unit": sheet.unit_id},
        ),
        *(
            (
                query,
                ["term__block__province", "term__leader", "term__deputy", *related],
                {
                    "block": term.block_id,
                    "year": term.year,
                    "sheet_unit": sheet.unit_id,
                    "unit": unit.pk,
                    "user": user.pk,
                    "start": year[0],
                    "end": year[1],
                },
            )
            for query, related in (
                (scoring_access._SHEET_WITH_YEAR, ["unit", "scale"]),
                (
                    scoring_access._SHEET_WITH_YEAR_AND_SIGNERS,
                    ["unit", "scale", "submitted_by", "verified_by"],
                ),
            )
            for unit, user in (
                (world.member_unit, world.users["council"]),
                (world.outsider_unit, world.users["member"]),
            )
        ),
        (sheet_selectors._SCALE_CRITERIA, [], {"scale": sheet.scale_id}),
        (
            scoring_common._LOCKED_SHEET,
            ["term__block", "unit", "scale"],
            {"pk": sheet.pk},
        ),
        (scoring_common._SHEET_SCORES, [], {"sheet": sheet.pk}),
        # The review grid's reads (unordered ones are compared sorted: `assert_same`).
        (board_selectors._LEAF_CRITERIA, [], {"term": term.pk}),
        (board_selectors._SHEETS, ["unit"], {"term": term.pk}),
        (board_selectors._SCORES, [], {"term": term.pk}),
        (board_selectors._OPEN_QUERY_SHEETS, [], {"term": term.pk}),
        (sheet_selectors._SHEET_SCORES, [], {"sheet": sheet.pk}),
        (sheet_selectors._SHEET_EVIDENCE, [], {"sheet": sheet.pk}),
        (
            sheet_selectors._SHEET_QUERIES,
            ["raised_by", "answered_by", "resolved_by"],
            {"sheet": sheet.pk},
        ),
        (history_selectors._NEWEST_CHANGES, [], {"sheet": sheet.pk}),
    ]


def _sheet_with_evidence_and_history(world) -> ScoreSheet:
    """The member's sheet with a removed and two kept pieces of evidence, an open, an answered
    and a resolved query, and more recorded changes than a page shows, by a person and by
    nobody."""
    from audit.models import AuditEntry

    sheet = ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).get()
    member = world.users["member"]
    scores = list(Score.objects.filter(sheet=sheet).order_by("pk"))
    for index, score in enumerate(scores[:3]):
        Evidence.objects.create(
            score=score,
            file=f"evidence/{index}.pdf",
            original_name=f"{index}.pdf",
            mime="application/pdf",
            size=10 + index,
            uploaded_by=member,
            removed_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC) if index == 1 else None,
        )
    leader, at = world.users["leader"], datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC)
    Query.objects.create(score=scores[0], question="?", raised_by=leader)
    Query.objects.create(
        score=scores[1], question="?", raised_by=leader, answer="!", answered_by=member,
        answered_at=at,
    )  # fmt: skip
    Query.objects.create(
        score=scores[1], question="?", raised_by=leader, answer="!", answered_by=member,
        answered_at=at, resolution="ok", resolved_by=leader, resolved_at=at,
    )  # fmt: skip
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=member if index % 2 else None,
            action="scoring.score.self_scored",
            object_type="scoring.score",
            object_id=str(scores[0].pk),
            term_id=world.term.pk,
            sheet_id=sheet.pk,
            criterion_id=scores[0].criterion_id,
            before={"self_points": str(index)},
            after={"self_points": str(index + 1), "criterion": "1"},
            ip="10.0.0.1" if index % 3 else None,
        )
        for index in range(history_selectors.HISTORY_SHOWN + 5)
    )
    return sheet


def test_the_sheet_pages_reads_with_rows_give_what_their_querysets_give(world):
    sheet = _sheet_with_evidence_and_history(world)
    scores = assert_same(sheet_selectors._SHEET_SCORES, [], sheet=sheet.pk)
    evidence = assert_same(sheet_selectors._SHEET_EVIDENCE, [], sheet=sheet.pk)
    entries = assert_same(history_selectors._NEWEST_CHANGES, [], sheet=sheet.pk)
    queries = assert_same(
        sheet_selectors._SHEET_QUERIES,
        ["raised_by", "answered_by", "resolved_by"],
        sheet=sheet.pk,
    )
    assert [(q.answered_by is None, q.resolved_by is None) for q in queries] == [
        (True, True),
        (False, True),
        (False, False),
    ]
    assert len(scores) == 4 and len(evidence) == 2
    assert len(entries) == history_selectors.HISTORY_SHOWN + 1
    # Rows of values, the actor's user name last: None where nobody is recorded.
    assert any(e[-1] is None for e in entries) and any(e[-1] for e in entries)


def test_every_prepared_query_gives_what_its_queryset_gives(world):
    cases = _cases(world)
    covered = {id(prepared) for prepared, _related_names, _values in cases}
    assert covered == {id(prepared) for prepared in REGISTRY}, "a prepared query has no case"
    for prepared, related, values in cases:
        assert_same(prepared, related, **values)


def test_the_review_grid_reads_on_a_year_with_groups_drafts_and_queries(world):
    """The grid's reads where they have something to leave out: a group criterion, a draft
    scale after the locked one, resolved queries next to open ones."""
    from campaigns import services as campaigns_services
    from tests.factories import CriterionFactory

    term = world.term
    scale = term.scales.get()
    scale.status = scale.Status.LOCKED
    scale.save()
    CriterionFactory(scale=scale, code="G", order=50, kind=Criterion.Kind.GROUP)
    leader = world.users["leader"]
    draft = campaigns_services.scale_new_version(scale=scale, actor=leader, reason="Bản nháp")
    scores = list(Score.objects.filter(sheet__term=term).order_by("pk")[:4])
    for score in scores + scores[:2]:
        Query.objects.create(score=score, question="?", raised_by=leader)
    Query.objects.filter(score=scores[3]).update(resolved_at=datetime.datetime.now(datetime.UTC))

    criteria = assert_same(board_selectors._LEAF_CRITERIA, term=term.pk)
    assert {c.scale_id for c in criteria} == {scale.pk} != {draft.pk}
    assert Criterion.Kind.GROUP not in {c.kind for c in criteria}
    assert len(assert_same(board_selectors._SHEETS, ["unit"], term=term.pk)) == 4
    assert len(assert_same(board_selectors._SCORES, term=term.pk)) == 16
    assert sorted(assert_same(board_selectors._OPEN_QUERY_SHEETS, term=term.pk)) == sorted(
        [scores[0].sheet_id] * 2 + [scores[1].sheet_id] * 2 + [scores[2].sheet_id]
    )
    assert board_selectors._SCORES.all(term=world.published_term.pk) != []
    assert board_selectors._SHEETS.all(term=0) == []


def test_a_missing_row_gives_nothing(world):
    assert block_access._TERM_BY_YEAR.first(block=world.block.pk, year=1999) is None
    assert scoring_access._SHEET.all(term=world.term.pk, unit=world.outsider_unit.pk) == []


def test_the_members_read_matches_the_model_definition(world):
    """`_MEMBERSHIP` is `Membership.objects.of_term(term)` for one unit, written out."""
    term = world.term
    start, end = datetime.date(term.year, 1, 1), datetime.date(term.year, 12, 31)
    for unit in (world.member_unit, world.leader_unit, world.outsider_unit):
        expected = Membership.objects.of_term(term).filter(unit=unit).exists()
        got = block_access._MEMBERSHIP.first(
            block=term.block_id, unit=unit.pk, start=start, end=end
        )
        assert bool(got) is expected


def test_parameters_are_checked(world):
    query = block_access._TERM_BY_YEAR
    with pytest.raises(TypeError):
        query.all(block=world.block.pk)  # a parameter missing
    with pytest.raises(TypeError):
        query.all(block=world.block.pk, year=None)
    with pytest.raises(TypeError):
        query.all(block=world.block.pk, year="2025")
    with pytest.raises(TypeError):
        query.all(block=True, year=2025)
    with pytest.raises(TypeError):
        block_access._MEMBERSHIP.all(
            block=1, unit=1, start=datetime.datetime(2025, 1, 1), end=datetime.date(2025, 12, 31)
        )
    with pytest.raises(TypeError):
        PreparedQuery(lambda when: Term.objects.filter(scoring_opens_at=when), when=float)


def _throwaway(build, **kinds) -> PreparedQuery:
    prepared = PreparedQuery(build, **kinds)
    REGISTRY.remove(prepared)  # not one of the project's
    return prepared


def test_a_query_whose_sql_depends_on_its_values_is_refused(world):
    shape_changes = _throwaway(
        lambda n: Criterion.objects.filter(pk__in=list(range(n % 3 + 1))), n=int
    )
    with pytest.raises(ValueError, match="depends on the parameters"):
        shape_changes.all(n=1)


def test_a_parameter_the_sql_does_not_use_is_refused(db):
    unused = _throwaway(lambda year: Term.objects.filter(year=2025), year=int)
    with pytest.raises(ValueError, match="not found"):
        unused.all(year=2025)


def test_annotations_of_values_and_prefetching_are_refused(db):
    from django.db.models import Count

    annotated = _throwaway(
        lambda year: (
            Term.objects.filter(year=year).annotate(n=Count("sheets")).values_list("pk", "n")
        ),
        year=int,
    )
    with pytest.raises(ValueError, match="annotations"):
        annotated.all(year=2025)
    prefetched = _throwaway(
        lambda year: Term.objects.filter(year=year).prefetch_related("sheets"), year=int
    )
    with pytest.raises(ValueError, match="prefetch"):
        prefetched.all(year=2025)


def test_values_lists_come_back_as_the_orm_gives_them(world):
    pairs = _throwaway(
        lambda block: (
            Term.objects.filter(block_id=block).order_by("year").values_list("year", "status")
        ),
        block=int,
    )
    assert pairs.all(block=world.block.pk) == list(
        Term.objects.filter(block=world.block).order_by("year").values_list("year", "status")
    )
    dates = _throwaway(
        lambda block: (
            Membership.objects.filter(block_id=block)
            .order_by("pk")
            .values_list("valid_from", flat=True)
        ),
        block=int,
    )
    expected = list(
        Membership.objects.filter(block=world.block)
        .order_by("pk")
        .values_list("valid_from", flat=True)
    )
    assert dates.all(block=world.block.pk) == expected
    assert all(isinstance(d, datetime.date) for d in expected)


def test_a_locking_read_runs_in_a_transaction(world):
    locked = _throwaway(
        lambda pk: ScoreSheet.objects.select_for_update().select_related("term").filter(pk=pk),
        pk=int,
    )
    sheet = ScoreSheet.objects.filter(term=world.term).first()
    with transaction.atomic():
        got = locked.first(pk=sheet.pk)
    assert got.pk == sheet.pk and got.term.pk == world.term.pk


def test_a_locking_read_outside_a_transaction_is_refused(db, monkeypatch):
    """As Django refuses it. The test itself runs in a transaction: autocommit is pretended
    (a `transaction=True` test would flush the data the migrations seed for the next tests)."""
    locked = _throwaway(
        lambda pk: ScoreSheet.objects.select_for_update().filter(pk=pk),
        pk=int,
    )
    with transaction.atomic():
        assert locked.all(pk=1) == []  # compiled, inside a transaction
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)
    with pytest.raises(TransactionManagementError):
        locked.all(pk=1)


def test_lists_are_compiled_once_per_length(world):
    terms = _throwaway(
        lambda pks, years: (
            Term.objects.filter(pk__in=pks)
            .exclude(year__in=years)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        pks=list,
        years=list,
    )
    all_pks = list(Term.objects.order_by("pk").values_list("pk", flat=True))
    cases = (
        (all_pks, []),
        (all_pks[:1], [2024]),
        (all_pks, [2024, 2025]),
        ({all_pks[-1]}, (2024,)),
        ([], [2024]),
    )
    for pks, years in cases:
        expected = list(
            Term.objects.filter(pk__in=pks)
            .exclude(year__in=years)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert terms.all(pks=pks, years=years) == expected
    # One plan per pair of lengths.
    assert len(terms._plans) == len({(len(pks), len(years)) for pks, years in cases}) == 4
    assert terms.fits(pks=all_pks, years=[]) is True
    with pytest.raises(TypeError):
        terms.all(pks=[1, "2"], years=[])
    with pytest.raises(TypeError):
        terms.all(pks="12", years=[])


def _score_rows(world):
    from scoring.models import Score

    sheet = ScoreSheet.objects.filter(term=world.term).first()
    return list(Score.objects.filter(sheet=sheet).order_by("pk"))


@pytest.mark.parametrize("count", [1, 2, 3])
def test_update_rows_writes_what_bulk_update_writes(world, count):
    from decimal import Decimal

    from django.db.models import QuerySet

    from emulation.prepared import can_update_rows, update_rows
    from scoring.models import Score

    fields = ["self_points", "self_occurrences", "self_note"]
    figures = [
        (Decimal("8.5"), None, "Điểm 'tự chấm' — \"8,5\"; DROP TABLE x;"),
        (None, 3, ""),
        (Decimal("0"), 0, "x" * 500),
    ]
    for write in ("mine", "django's"):
        scores = _score_rows(world)[:count]
        assert len(scores) == count
        for score, (points, occurrences, note) in zip(scores, figures, strict=False):
            score.self_points, score.self_occurrences, score.self_note = points, occurrences, note
        if write == "mine":
            assert can_update_rows(Score, scores, fields)
            assert update_rows(Score, scores, fields) == count
        else:
            assert QuerySet.bulk_update(Score.objects.all(), scores, fields) == count
        stored = list(
            Score.objects.filter(pk__in=[s.pk for s in scores]).order_by("pk").values_list(*fields)
        )
        assert stored == [
            (Decimal(p).quantize(Decimal("0.01")) if p is not None else None, o, n)
            for p, o, n in figures[:count]
        ]
        # What was not named is left as it was: the reviewed side.
        assert list(
            Score.objects.filter(pk__in=[s.pk for s in scores]).values_list(
                "reviewed_points", flat=True
            )
        ) == [s.reviewed_points for s in sorted(scores, key=lambda s: s.pk)]


def test_update_rows_leaves_to_django_what_it_does_not_write(world):
    from django.db.models import F

    from emulation.prepared import MAX_ROWS, can_update_rows
    from scoring.models import Score

    scores = _score_rows(world)
    fields = ["self_points"]
    assert can_update_rows(Score, scores, fields)
    assert not can_update_rows(Score, [], fields)
    assert not can_update_rows(Score, scores, ["id"])
    assert not can_update_rows(Score, scores, [])
    assert not can_update_rows(Score, scores * (MAX_ROWS // len(scores) + 1), fields)
    scores[0].self_points = F("reviewed_points")
    assert not can_update_rows(Score, scores, fields)
    assert not can_update_rows(Score, [Score(sheet_id=1, criterion_id=1)], fields)


def test_annotations_of_model_instances_come_back_as_attributes(world):
    from django.db.models import Count

    counted = _throwaway(
        lambda block: (
            Term.objects.filter(block_id=block).annotate(n=Count("sheets")).order_by("year")
        ),
        block=int,
    )
    got = assert_same(counted, [], block=world.block.pk)
    expected = Term.objects.filter(block=world.block).annotate(n=Count("sheets")).order_by("year")
    assert [t.n for t in got] == [t.n for t in expected] and got[0].n > 0


def test_the_block_year_read_of_a_unit_officer_answers_membership_and_council_too(
    world, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from tests.factories import UserFactory

    term = world.term
    on_council = UserFactory(unit=world.outsider_unit)  # only through the admin: both at once
    on_council.council_blocks.add(term.block)
    for officer, member, council in (
        (UserFactory(unit=world.member_unit), True, False),
        (UserFactory(unit=world.outsider_unit), False, False),
        (on_council, False, True),
    ):
        with django_assert_num_queries(1):
            found = block_access._term_or_404(term.block_id, term.year, officer)
        assert found.pk == term.pk and found.unit_is_member is member
        assert found.user_is_council is council
        # The access rules then ask no second question.
        with django_assert_num_queries(0):
            assert block_access.is_member_of_term(officer, found) is member
            assert block_access.is_council_for(officer, found.block) is council
            assert block_access.roles_in(officer, found).oversee is council
        # Another block's council is still asked, once for the request.
        with django_assert_num_queries(1):
            assert block_access.is_council_for(officer, world.other_block) is False
            assert block_access.is_council_for(officer, world.other_block) is False
    # Signed out, or without a unit: the plain read.
    for user in (AnonymousUser(), UserFactory(unit=None)):
        found = block_access._term_or_404(term.block_id, term.year, user)
        assert found.pk == term.pk and not hasattr(found, "unit_is_member")
    with pytest.raises(Http404):
        block_access._term_or_404(term.block_id, 1999, UserFactory(unit=world.member_unit))


def _audit_entries(world, actor):
    """Audit records with every kind of value: none, texts to escape, an IPv6 address Django
    writes shortened, JSON null and nested values."""
    from audit.services import audit_entry

    sheet = ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).get()
    entries = [
        audit_entry(
            actor=actor,
            action="scoring.score.self_scored",
            obj=sheet,
            before={"self_points": "7.50", "self_note": None, "nested": {"a": [1, "2", None]}},
            after={"self_points": "8.00", "criterion": "I.<1>", "sheet_id": sheet.pk},
            reason='vì "lý do" <i> \\ \' — đúng',
            ip="2001:0db8:0000:0000:0000:0000:0000:0001",
            term_id=world.term.pk,
            criterion_id=12,
        ),
        audit_entry(actor=None, action="x.none", obj=sheet, before=None, after=None, ip="10.0.0.1"),
        audit_entry(actor=actor, action="x.plain", obj=world.term, after={"text": "\n\t😀"}),
    ]
    return entries


_AUDIT_COLUMNS = (
    "at", "actor_id", "action", "object_type", "object_id", "object_repr", "term_id",
    "sheet_id", "criterion_id", "before", "after", "reason", "ip",
)  # fmt: skip


def test_insert_rows_writes_what_bulk_create_writes(world):
    import time_machine
    from django.db import transaction

    from audit.models import AuditEntry
    from emulation.prepared import insert_rows

    stored = {}
    now = datetime.datetime(2026, 11, 30, 20, 1, 2, 345678, tzinfo=datetime.UTC)
    for write in ("mine", "django's"):
        entries = _audit_entries(world, world.users["member"])
        with transaction.atomic(), time_machine.travel(now, tick=False):
            if write == "mine":
                assert insert_rows(AuditEntry, entries) == entries
            else:
                assert AuditEntry.objects.bulk_create(entries) == entries
        assert all(e.pk is not None and not e._state.adding for e in entries)
        assert all(e.at == now for e in entries)  # stamped on save, as `auto_now_add` does
        rows = AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).order_by("pk")
        assert [row.pk for row in rows] == [e.pk for e in entries]  # the keys in their order
        stored[write] = list(rows.values_list(*_AUDIT_COLUMNS))
    assert stored["mine"] == stored["django's"]
    assert stored["mine"][0][0] == now  # to the microsecond
    assert stored["mine"][0][-1] == "2001:db8::1" and stored["mine"][1][-1] == "10.0.0.1"
    assert stored["mine"][1][9:11] == (None, None)  # JSON None is SQL NULL, as Django writes it
    assert AuditEntry.objects.filter(pk=entries[1].pk, before__isnull=True).exists()


def test_insert_rows_refuses_what_bulk_create_refuses(world):
    from django.db import DatabaseError, transaction

    from audit.models import AuditEntry
    from emulation.prepared import insert_rows

    assert insert_rows(AuditEntry, []) == []
    if connection.vendor != "postgresql":
        pytest.skip("elsewhere insert_rows is bulk_create, and SQLite enforces no lengths")
    entries = _audit_entries(world, world.users["member"])
    entries[1].action = "x" * 101  # over the column's length: nothing written
    with pytest.raises(DatabaseError), transaction.atomic():
        insert_rows(AuditEntry, entries)
    assert not AuditEntry.objects.filter(action__in=["x.plain", "x" * 101]).exists()
    saved = _audit_entries(world, None)[:1]
    with transaction.atomic():
        insert_rows(AuditEntry, saved)
    with pytest.raises(ValueError, match="already has a key"), transaction.atomic():
        insert_rows(AuditEntry, saved)


def test_a_unit_officer_s_sheet_read_brings_its_year_and_the_access_answers(
    world, client, django_assert_num_queries
):
    """`scoring.access` reads a unit officer's sheet with its block-year in one statement and
    decides as before: own sheet 200, another member's 403, an outsider's 404, no such sheet
    404, and people without a unit (board staff) through the year first."""
    from django.urls import reverse

    from tests.factories import UserFactory

    term = world.term
    sheet = ScoreSheet.objects.get(term=term, unit=world.member_unit)
    officer = UserFactory(unit=world.member_unit)
    request = type("Request", (), {"user": officer})()
    with django_assert_num_queries(1):
        found = scoring_access.get_sheet_for_reader(
            request, term.block_id, term.year, sheet.unit_id
        )
    assert found.pk == sheet.pk and found.term.pk == term.pk
    assert found.term.block.province_id == world.province.pk
    with django_assert_num_queries(0):  # the answers came with it
        assert block_access.is_member_of_term(officer, found.term)
        assert not block_access.is_council_for(officer, found.term.block)

    def status(user, unit, year=term.year):
        client.force_login(user)
        return client.get(reverse("scoring:sheet", args=[term.block_id, year, unit])).status_code

    other_member = UserFactory(
        unit=ScoreSheet.objects.filter(term=term)
        .exclude(unit__in=[world.member_unit, term.leader_id, term.deputy_id])
        .first()
        .unit
    )
    assert status(officer, sheet.unit_id) == 200
    assert status(other_member, sheet.unit_id) == 403
    assert status(UserFactory(unit=world.outsider_unit), sheet.unit_id) == 404
    assert status(officer, world.outsider_unit.pk) == 404  # no such sheet in this year
    assert status(officer, sheet.unit_id, year=1999) == 404
    assert status(world.users["board"], sheet.unit_id) == 200  # no unit: the year first
    assert status(world.users["council"], sheet.unit_id) == 200
