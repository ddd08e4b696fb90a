"""One block-year through every app, end to end, through the services only.

published 2024 → next year (campaigns) → scale edited, submitted, approved → scoring opened
(scoring: scale locked, sheets created) → every unit self-scores with evidence and submits →
review (a changed score with a reason, a query answered and resolved), every sheet verified →
review ended (sheets locked) → provisional results shared with an objection window (results) →
an objection filed and answered → window closed → published with a decision → the snapshot, the
audit trail, every write refused once published, a correction as version 2.

No status is written directly: every step goes through the service that owns it. Time is frozen
where the windows matter.

Each step is its own test, in order, on one world built once for the class: a failure names its
step, and the steps after it are reported as skipped ("step N failed") instead of vanishing.
"""

import datetime
import functools
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from audit.models import AuditEntry
from blocks.models import Term
from blocks.services import term_create_next
from campaigns import services as campaigns_services
from campaigns.models import AwardType, Campaign, Criterion, Registration, Scale
from campaigns.selectors import current_scale
from results import services as results_services
from results.models import Objection, PublishedResult
from scoring import services as scoring_services
from scoring.models import Evidence, Query, Score, ScoreSheet
from scoring.services import ReviewEntry, SelfEntry
from tests.factories import (
    BlockFactory,
    CampaignFactory,
    ProvinceFactory,
    UserFactory,
    make_scored_term,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


def codes(error: ValidationError) -> set[str]:
    """Every code of a ValidationError, whether it holds one message, a list or field errors."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def refused(expected: str, call, /, **kwargs) -> None:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert codes(error.value) == {expected}, error.value


# Self-scores of 2025, by unit index: criteria "1", "2", "3" (max 10 each), the bonus "B" by
# count (2 points each, cap 10) and the deduction "D" (points, cap 5).
SELF = [
    {"1": "10", "2": "9.5", "3": "9", "B": 2, "D": "0"},  # 28.5 + 4 − 0 = 32.5
    {"1": "9", "2": "9", "3": "8.5", "B": 1, "D": "1"},  # 26.5 + 2 − 1 = 27.5
    {"1": "8", "2": "9", "3": "9", "B": 0, "D": "0.5"},  # 26 + 0 − 0.5 = 25.5
    {"1": "10", "2": "10", "3": "10", "B": 3, "D": "2"},  # 30 + 6 − 2 = 34 (2 reviewed down)
]


class Story(SimpleNamespace):
    """What the steps share: the people and block, then what each step makes (term, scale…)."""

    done = 0  # the last step that passed


@pytest.fixture(scope="class")
def cycle(django_db_setup, django_db_blocker):
    """A block of four units whose 2024 results are published, and the people who work in it.

    Built once for the whole story, inside one transaction rolled back at the end, so the
    steps build on each other and leave nothing behind for other tests.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        # The award types come from a data migration; a browser test run before this one
        # empties every table (live_server), so put them back the way the migration does.
        import importlib

        from django.apps import apps

        importlib.import_module("campaigns.migrations.0003_seed_award_types").seed(apps, None)
        province = ProvinceFactory(code="CY", name="Tỉnh chu trình")
        block = BlockFactory(province=province, name="Khối chu trình")
        previous = make_scored_term(units=4, criteria=3, year=2024, block=block)
        units = [m.unit for m in block.memberships.select_related("unit").order_by("pk")]
        board = UserFactory(username="cycle-board", board_province=province)
        officers = [
            UserFactory(username=f"cycle-unit{i}", unit=unit) for i, unit in enumerate(units)
        ]
        with time_machine.travel(at(2025, 1, 15, 9), tick=False):
            results_services.publish_term(
                term=previous,
                actor=board,
                decision_number="05/QĐ-BTĐKT",
                decision_date=datetime.date(2025, 1, 15),
            )
        previous.refresh_from_db()
        # 2025: the 2024 deputy leads (rotation is independent of rank), the 4th unit is deputy.
        yield Story(
            previous=previous,
            units=units,
            board=board,
            officers=officers,
            leader_unit=units[1],
            deputy_unit=units[3],
            leader=officers[1],
        )
        transaction.set_rollback(True)


def step(test):
    """A step of the story: it runs only when every step before it passed.

    The number comes from the name (`test_05_review` is step 5). A later step is marked skipped
    with the step that failed, so a failure names its step and hides nothing behind it.
    """
    number = int(test.__name__.split("_")[1])

    @functools.wraps(test)
    def run(self, cycle):
        if cycle.done != number - 1:
            pytest.skip(f"step {cycle.done + 1} failed or did not run")
        test(self, cycle)
        cycle.done = number

    return run


def _actions(term: Term) -> set[str]:
    return set(AuditEntry.objects.filter(term_id=term.pk).values_list("action", flat=True))


class TestTheWholeYear:
    """The story, one step a test, in order (pytest runs a class's tests in definition order)."""

    # Marked django_db (a read-only test in its own rolled-back savepoint) so that pytest-django
    # sets up the test database even when this file runs alone: the steps are not marked, as
    # the marker would roll back each step's writes, and run on the class's world instead.
    # pytest-django runs marked tests first, so this one gets a world of its own.
    @pytest.mark.django_db
    def test_00_the_2024_year_is_published(self, cycle):
        """0. The starting point: the 2024 year is published, with its decision."""
        assert cycle.previous.status == Term.Status.PUBLISHED
        assert PublishedResult.objects.filter(term=cycle.previous).count() == 1
        assert cycle.done == 0

    @step
    def test_01_next_year(self, cycle):
        """1. The next year, from the published one."""
        with time_machine.travel(at(2025, 1, 20, 9), tick=False):
            cycle.term = term_create_next(
                carry=["scale", "campaigns"],
                term=cycle.previous,
                actor=cycle.board,
                leader=cycle.leader_unit,
                deputy=cycle.deputy_unit,
            )
        assert cycle.term.year == 2025 and cycle.term.status == Term.Status.SETUP
        cycle.scale = current_scale(cycle.term)
        assert cycle.scale.version == 1 and cycle.scale.status == Scale.Status.DRAFT
        cycle.lines = {c.code: c for c in cycle.scale.criteria.all()}
        assert set(cycle.lines) == {"1", "2", "3", "B", "D"}

    @step
    def test_02_year_setup(self, cycle):
        """2. Year setup: pact, registrations, the scale."""
        with time_machine.travel(at(2025, 2, 1, 9), tick=False):
            cycle.pact = campaigns_services.pact_save(
                term=cycle.term,
                actor=cycle.leader,
                title="Giao ước thi đua năm 2025",
                commitments="Hoàn thành nhiệm vụ\nBáo cáo đúng hạn",
            )
            for officer in cycle.officers[:3]:  # the fourth unit has not signed yet
                campaigns_services.pact_sign(
                    pact=cycle.pact,
                    unit=officer.unit,
                    actor=officer,
                    signer_name=officer.full_name,
                    signer_title="Giám đốc",
                )
            flag = AwardType.objects.get(code="co-ubnd-tinh")
            cycle.registration = campaigns_services.registration_submit(
                term=cycle.term,
                unit=cycle.units[0],
                actor=cycle.officers[0],
                award_types=[flag],
                targets="Dẫn đầu",
            )
            campaigns_services.registration_decide(
                registration=cycle.registration, actor=cycle.leader, approve=True
            )
            cycle.movement = campaigns_services.campaign_create(
                term=cycle.term,
                actor=cycle.leader,
                level=Campaign.Level.BLOCK,
                kind=Campaign.Kind.REGULAR,
                name="Phong trào thi đua năm 2025",
            )

            # The leader edits the copied scale: evidence for "1", the bonus counted per
            # occurrence, a nominal total that matches the three criteria.
            campaigns_services.criterion_update(
                criterion=cycle.lines["1"], actor=cycle.leader, evidence_required=True
            )
            campaigns_services.criterion_update(
                criterion=cycle.lines["B"], actor=cycle.leader, points_per_occurrence=Decimal("2")
            )
            refused(
                "scale_invalid",
                campaigns_services.scale_submit,
                scale=cycle.scale,
                actor=cycle.leader,
            )
            campaigns_services.scale_update_settings(
                scale=cycle.scale, actor=cycle.leader, nominal_total=Decimal("30")
            )
            campaigns_services.scale_submit(scale=cycle.scale, actor=cycle.leader)

        with time_machine.travel(at(2025, 2, 10, 9), tick=False):
            # Scoring cannot open on a scale the board has not approved.
            refused(
                "scale_not_approved",
                scoring_services.open_scoring,
                term=cycle.term,
                opens_at=at(2025, 11, 1, 8),
                closes_at=at(2025, 12, 1, 17),
                actor=cycle.leader,
            )
            campaigns_services.scale_approve(scale=cycle.scale, actor=cycle.board)
            # The board sets bands for this 30-point scale (the defaults assume 100 points),
            # before scoring opens: the year's rules are then locked like the scale.
            results_services.set_term_bands(
                term=cycle.term,
                actor=cycle.board,
                bands=[
                    ("Hoàn thành xuất sắc", Decimal("28"), Decimal("85")),
                    ("Hoàn thành tốt", Decimal("25"), Decimal("80")),
                    ("Hoàn thành", Decimal("20"), Decimal("70")),
                    ("Không hoàn thành", Decimal("0"), Decimal("0")),
                ],
            )
        cycle.scale.refresh_from_db()
        assert cycle.scale.status == Scale.Status.APPROVED

    @step
    def test_03_scoring_opens(self, cycle):
        """3. Scoring opens: the scale is locked, every member gets a sheet."""
        with time_machine.travel(at(2025, 10, 20, 9), tick=False):
            scoring_services.open_scoring(
                term=cycle.term,
                opens_at=at(2025, 11, 1, 8),
                closes_at=at(2025, 12, 1, 17),
                actor=cycle.leader,
            )
        cycle.term.refresh_from_db()
        cycle.scale.refresh_from_db()
        assert cycle.term.status == Term.Status.SCORING
        assert cycle.scale.status == Scale.Status.LOCKED
        cycle.sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(term=cycle.term)}
        assert set(cycle.sheets) == {u.pk for u in cycle.units}
        assert all(
            s.status == ScoreSheet.Status.NOT_STARTED and s.scale_id == cycle.scale.pk
            for s in cycle.sheets.values()
        )
        refused(
            "scale_not_draft",
            campaigns_services.criterion_update,
            criterion=cycle.lines["2"],
            actor=cycle.leader,
            title="Đổi tên",
        )
        # The tie-break rules and bands are locked with it (the board could, with a reason).
        refused(
            "rules_locked",
            results_services.set_tie_policy,
            term=cycle.term,
            actor=cycle.leader,
            rules=["full_marks"],
        )
        cycle.lines = {c.code: c for c in cycle.scale.criteria.all()}

        # Before the window opens, a unit cannot score.
        with time_machine.travel(at(2025, 10, 25, 9), tick=False):
            refused(
                "window_closed",
                scoring_services.save_self_scores,
                sheet=cycle.sheets[cycle.units[0].pk],
                entries={cycle.lines["1"].pk: SelfEntry(points=Decimal("10"))},
                version=1,
                actor=cycle.officers[0],
            )

    @step
    def test_04_units_self_score_and_submit(self, cycle):
        """4. Every unit self-scores, attaches evidence and submits."""
        with time_machine.travel(at(2025, 11, 10, 9), tick=False):
            for index, unit in enumerate(cycle.units):
                sheet = cycle.sheets[unit.pk]
                officer = cycle.officers[index]
                figures = SELF[index]
                entries = {
                    cycle.lines[code].pk: SelfEntry(points=Decimal(figures[code]))
                    for code in ("1", "2", "3", "D")
                }
                entries[cycle.lines["B"].pk] = SelfEntry(occurrences=figures["B"], note="Bằng khen")
                scoring_services.save_self_scores(
                    sheet=sheet, entries=entries, version=sheet.version, actor=officer
                )
                sheet.refresh_from_db()
                refused(
                    "evidence_missing",
                    scoring_services.submit_sheet,
                    sheet=sheet,
                    version=sheet.version,
                    actor=officer,
                )
                score_1 = Score.objects.get(sheet=sheet, criterion=cycle.lines["1"])
                scoring_services.add_evidence(score=score_1, upload=pdf(), actor=officer)
                sheet.refresh_from_db()
                scoring_services.submit_sheet(sheet=sheet, version=sheet.version, actor=officer)
        bonus = Score.objects.get(sheet=cycle.sheets[cycle.units[0].pk], criterion=cycle.lines["B"])
        assert bonus.self_occurrences == 2 and bonus.self_points == Decimal("4")
        assert set(ScoreSheet.objects.filter(term=cycle.term).values_list("status", flat=True)) == {
            ScoreSheet.Status.SUBMITTED
        }

    @step
    def test_05_review(self, cycle):
        """5. Review (after the window closed: review is not tied to it)."""
        with time_machine.travel(at(2025, 12, 5, 9), tick=False):
            # The leader reviews the fourth unit's criterion "2" down, with a reason.
            sheet = ScoreSheet.objects.get(pk=cycle.sheets[cycle.units[3].pk].pk)
            with pytest.raises(ValidationError) as error:
                scoring_services.review_scores(
                    sheet=sheet,
                    entries={cycle.lines["2"].pk: ReviewEntry(points=Decimal("8"))},
                    version=sheet.version,
                    actor=cycle.leader,
                )
            assert codes(error.value) == {"reason_required"}
            scoring_services.review_scores(
                sheet=sheet,
                entries={
                    cycle.lines["2"].pk: ReviewEntry(
                        points=Decimal("8"), reason="Thiếu báo cáo quý IV"
                    )
                },
                version=sheet.version,
                actor=cycle.leader,
            )
            # A query on the third unit's deduction, answered with a file, then resolved.
            sheet = ScoreSheet.objects.get(pk=cycle.sheets[cycle.units[2].pk].pk)
            query = scoring_services.raise_query(
                score=Score.objects.get(sheet=sheet, criterion=cycle.lines["D"]),
                question="Vì sao bị trừ 0,5 điểm?",
                actor=cycle.leader,
            )
            refused(
                "bad_transition", scoring_services.verify_sheet, sheet=sheet, actor=cycle.leader
            )
            scoring_services.answer_query(
                query=query,
                answer="Nộp báo cáo tháng 3 trễ hai ngày.",
                upload=pdf("giai-trinh.pdf"),
                actor=cycle.officers[2],
            )
            refused("queries_open", scoring_services.verify_sheet, sheet=sheet, actor=cycle.leader)
            scoring_services.resolve_query(
                query=query, resolution="Chấp nhận giải trình.", actor=cycle.leader
            )
            refused(
                "sheets_not_verified",
                scoring_services.end_review,
                term=cycle.term,
                actor=cycle.leader,
            )
            for unit in cycle.units:
                scoring_services.verify_sheet(sheet=cycle.sheets[unit.pk], actor=cycle.leader)
            scoring_services.end_review(term=cycle.term, actor=cycle.leader)
        cycle.term.refresh_from_db()
        assert cycle.term.status == Term.Status.REVIEW
        assert set(ScoreSheet.objects.filter(term=cycle.term).values_list("status", flat=True)) == {
            ScoreSheet.Status.LOCKED
        }

    @step
    def test_06_provisional_results_and_an_objection(self, cycle):
        """6. Provisional results, an objection, answered."""
        with time_machine.travel(at(2025, 12, 10, 9), tick=False):
            results_services.share_provisional(
                term=cycle.term, actor=cycle.leader, objection_days=5
            )
        cycle.term.refresh_from_db()
        assert cycle.term.status == Term.Status.PROVISIONAL
        with time_machine.travel(at(2025, 12, 12, 9), tick=False):
            objection = results_services.file_objection(
                term=cycle.term,
                actor=cycle.officers[3],
                unit=cycle.units[3],
                criterion_code="2",
                text="Báo cáo quý IV đã gửi qua hệ thống.",
            )
            refused(
                "objection_window_open",
                results_services.publish_term,
                term=cycle.term,
                actor=cycle.board,
                decision_number="12/QĐ-BTĐKT",
                decision_date=datetime.date(2025, 12, 12),
            )
            results_services.answer_objection(
                objection=objection,
                actor=cycle.leader,
                answer="Hệ thống ghi nhận báo cáo gửi ngày 20/01, sau hạn.",
            )

    @step
    def test_07_window_closes_and_board_publishes(self, cycle):
        """7. The window closes; the board publishes."""
        with time_machine.travel(at(2025, 12, 16, 9), tick=False):
            refused(
                "objection_window_closed",
                results_services.file_objection,
                term=cycle.term,
                actor=cycle.officers[0],
                unit=cycle.units[0],
                criterion_code="1",
                text="Muộn.",
            )
            cycle.publication = results_services.publish_term(
                term=cycle.term,
                actor=cycle.board,
                decision_number="15/QĐ-BTĐKT",
                decision_date=datetime.date(2025, 12, 16),
                signed_file=pdf("quyet-dinh.pdf"),
            )
        cycle.term.refresh_from_db()
        assert cycle.term.status == Term.Status.PUBLISHED
        assert cycle.publication.version == 1

    @step
    def test_08_published_snapshot(self, cycle):
        """8. The published snapshot."""
        cycle.snapshot = cycle.publication.snapshot
        rows = {row["unit_id"]: row for row in cycle.snapshot["rows"]}
        expected = {  # unit index → (rank, base, bonus, deduction, total)
            0: (1, "28.50", "4.00", "0.00", "32.50"),
            3: (2, "28.00", "6.00", "2.00", "32.00"),  # 30 − 2 reviewed + 6 − 2
            1: (3, "26.50", "2.00", "1.00", "27.50"),
            2: (4, "26.00", "0.00", "0.50", "25.50"),
        }
        for index, (rank, base, bonus_total, deduction, total) in expected.items():
            row = rows[cycle.units[index].pk]
            assert (row["rank"], Decimal(row["base"]), Decimal(row["bonus"])) == (
                rank,
                Decimal(base),
                Decimal(bonus_total),
            )
            assert Decimal(row["deduction"]) == Decimal(deduction)
            assert Decimal(row["total"]) == Decimal(total)
            assert row["unit_name"] == cycle.units[index].name
        assert Decimal(rows[cycle.units[3].pk]["points"]["2"]) == Decimal("8")
        assert cycle.snapshot["leading_unit"]["unit_id"] == cycle.units[0].pk
        assert rows[cycle.units[0].pk]["leading"] is True
        assert [rows[cycle.units[i].pk]["classification"] for i in range(4)] == [
            "Hoàn thành xuất sắc",
            "Hoàn thành tốt",
            "Hoàn thành tốt",
            "Hoàn thành tốt",  # 32 points, but criterion "2" at 80 % is below the 85 % floor
        ]
        assert "2" in rows[cycle.units[3].pk]["classification_note"]
        assert (
            cycle.snapshot["leader_id"] == cycle.leader_unit.pk
            and cycle.snapshot["deputy_id"] == cycle.deputy_unit.pk
        )
        assert cycle.snapshot["nominal_total"] == "30.00"

    @step
    def test_09_audit_trail(self, cycle):
        """9. The audit trail holds every step, each tied to the year."""
        actions = _actions(cycle.term)
        assert {
            "blocks.term.created_from_previous",
            "campaigns.campaign.created",
            "campaigns.pact.saved",
            "campaigns.pact.signed",
            "campaigns.registration.submitted",
            "campaigns.registration.approved",
            "campaigns.criterion.changed",
            "campaigns.scale.settings_changed",
            "campaigns.scale.submitted",
            "campaigns.scale.approved",
            "campaigns.scale.locked",
            "scoring.window.opened",
            "scoring.score.self_scored",
            "scoring.evidence.added",
            "scoring.sheet.status_changed",
            "scoring.score.reviewed",
            "scoring.query.raised",
            "scoring.query.answered",
            "scoring.query.resolved",
            "scoring.review.ended",
            "results.bands.changed",
            "results.provisional.shared",
            "results.objection.filed",
            "results.objection.answered",
            "results.term.published",
        } <= actions, actions
        reviewed = AuditEntry.objects.get(term_id=cycle.term.pk, action="scoring.score.reviewed")
        assert reviewed.actor == cycle.leader and reviewed.reason == "Thiếu báo cáo quý IV"
        assert (
            reviewed.before["reviewed_points"] is None
            and reviewed.after["reviewed_points"] == "8.00"
        )
        sheet_states = [
            entry.after["status"]
            for entry in AuditEntry.objects.filter(
                action="scoring.sheet.status_changed",
                object_id=str(cycle.sheets[cycle.units[2].pk].pk),
            ).order_by("at", "id")
        ]
        assert sheet_states == [
            "draft",
            "submitted",
            "under_review",  # the domain's path: a query is raised on a sheet under review
            "needs_explanation",
            "under_review",
            "verified",
            "locked",
        ]
        # Every entry of the story belongs to a block-year: the new one, or 2024 for its
        # publication.
        assert set(AuditEntry.objects.values_list("term_id", flat=True)) == {
            cycle.previous.pk,
            cycle.term.pk,
        }

    @step
    def test_10_published_year_refuses_every_write(self, cycle):
        """10. Published: every write service refuses, and nothing changes."""
        counts = _counts(cycle.term, cycle.pact)
        audit_count = AuditEntry.objects.count()
        sheet = ScoreSheet.objects.get(pk=cycle.sheets[cycle.units[0].pk].pk)
        score_1 = Score.objects.get(sheet=sheet, criterion=cycle.lines["1"])
        with time_machine.travel(at(2025, 12, 20, 9), tick=False):
            _assert_every_write_refused(
                term=cycle.term,
                scale=cycle.scale,
                lines=cycle.lines,
                sheet=sheet,
                score=score_1,
                pact=cycle.pact,
                movement=cycle.movement,
                registration=cycle.registration,
                units=cycle.units,
                officers=cycle.officers,
                leader=cycle.leader,
                board=cycle.board,
            )
        assert _counts(cycle.term, cycle.pact) == counts
        assert AuditEntry.objects.count() == audit_count

    @step
    def test_11_correction_is_version_2(self, cycle):
        """11. A correction is version 2; version 1 stays."""
        with time_machine.travel(at(2026, 1, 5, 9), tick=False):
            correction = results_services.correct_publication(
                term=cycle.term,
                actor=cycle.board,
                decision_number="02/QĐ-BTĐKT",
                decision_date=datetime.date(2026, 1, 5),
                reason="Báo cáo quý IV của đơn vị đã gửi đúng hạn (xác minh lại).",
                adjustments={(cycle.units[3].pk, "2"): Decimal("10")},
            )
        assert correction.version == 2
        versions = list(PublishedResult.objects.filter(term=cycle.term).order_by("version"))
        assert [v.version for v in versions] == [1, 2]
        assert versions[0].snapshot == cycle.snapshot  # untouched
        corrected = {row["unit_id"]: row for row in correction.snapshot["rows"]}
        assert Decimal(corrected[cycle.units[3].pk]["total"]) == Decimal("34")
        assert corrected[cycle.units[3].pk]["rank"] == 1
        assert correction.snapshot["leading_unit"]["unit_id"] == cycle.units[3].pk
        assert corrected[cycle.units[3].pk]["classification"] == "Hoàn thành xuất sắc"
        [change] = correction.snapshot["corrections"]
        assert (change["unit_id"], change["criterion"]) == (cycle.units[3].pk, "2")
        assert (Decimal(change["old"]), Decimal(change["new"])) == (Decimal("8"), Decimal("10"))
        # The scores themselves stay as published.
        assert Score.objects.get(
            sheet=cycle.sheets[cycle.units[3].pk], criterion=cycle.lines["2"]
        ).reviewed_points == Decimal("8")
        assert "results.term.corrected" in _actions(cycle.term)


def _counts(term: Term, pact) -> dict:
    """What a refused write could have changed."""
    return {
        "term": Term.objects.filter(pk=term.pk).values_list("status", flat=True).get(),
        "scales": list(Scale.objects.filter(term=term).values_list("version", "status")),
        "criteria": list(
            Criterion.objects.filter(scale__term=term).values_list("code", "title", "max_points")
        ),
        "sheets": sorted(
            ScoreSheet.objects.filter(term=term).values_list("pk", "status", "version")
        ),
        "scores": sorted(
            Score.objects.filter(sheet__term=term).values_list(
                "pk", "self_points", "reviewed_points", "review_reason"
            )
        ),
        "evidence": Evidence.objects.filter(score__sheet__term=term).count(),
        "queries": Query.objects.filter(score__sheet__term=term).count(),
        "objections": Objection.objects.filter(term=term).count(),
        "registrations": list(
            Registration.objects.filter(term=term).values_list("pk", "status", "targets")
        ),
        "campaigns": list(Campaign.objects.filter(term=term).values_list("pk", "name", "archived")),
        "documents": Campaign.objects.filter(term=term, documents__isnull=False).count(),
        "adoptions": term.adoptions.count(),
        "signatures": pact.signatures.count(),
        "evidence_removed": Evidence.objects.filter(
            score__sheet__term=term, removed_at__isnull=False
        ).count(),
        "publications": PublishedResult.objects.filter(term=term).count(),
    }


def _assert_every_write_refused(  # noqa: PLR0913 - one of each thing a write could touch
    *,
    term,
    scale,
    lines,
    sheet,
    score,
    pact,
    movement,
    registration,
    units,
    officers,
    leader,
    board,
) -> None:
    cs, ss, rs = campaigns_services, scoring_services, results_services
    flag = AwardType.objects.get(code="co-ubnd-tinh")
    published = "term_published"
    # campaigns
    refused(published, cs.criterion_update, criterion=lines["1"], actor=leader, title="Sửa")
    refused(
        published,
        cs.criterion_create,
        scale=scale,
        actor=leader,
        code="4",
        title="Mới",
        kind=Criterion.Kind.SCORED,
        max_points=Decimal("5"),
    )
    refused(published, cs.scale_new_version, scale=scale, actor=leader, reason="Sửa thang điểm")
    refused(
        published, cs.scale_update_settings, scale=scale, actor=leader, nominal_total=Decimal("40")
    )
    refused(published, cs.pact_save, term=term, actor=leader, title="Sửa", text="Sửa")
    refused(
        published,
        cs.pact_sign,
        pact=pact,
        unit=units[3],
        actor=officers[3],
        signer_name="Trễ",
        signer_title="Giám đốc",
    )
    refused(
        published,
        cs.registration_submit,
        term=term,
        unit=units[2],
        actor=officers[2],
        award_types=[flag],
        targets="Muộn",
    )
    refused(
        published,
        cs.campaign_create,
        term=term,
        actor=leader,
        level="block",
        kind="regular",
        name="Phong trào muộn",
    )
    refused(published, cs.criterion_delete, criterion=lines["3"], actor=leader)
    refused(published, cs.criterion_move, criterion=lines["2"], actor=leader, direction="up")
    refused(published, cs.scale_replace_criteria, scale=scale, actor=leader, rows=[])
    refused(published, cs.scale_submit, scale=scale, actor=leader)
    refused(published, cs.scale_return, scale=scale, actor=board, reason="Sửa")
    refused(published, cs.scale_approve, scale=scale, actor=board)
    refused(published, cs.lock_scale, scale=scale, actor=leader)
    refused(published, cs.scale_create, term=term, actor=leader)
    refused(published, cs.campaign_update, campaign=movement, term=term, actor=leader, name="Sửa")
    refused(published, cs.campaign_archive, campaign=movement, term=term, actor=leader)
    refused(
        published,
        cs.campaign_document_add,
        campaign=movement,
        term=term,
        actor=leader,
        title="Kế hoạch",
        upload=pdf("ke-hoach.pdf"),
    )
    refused(
        published,
        cs.adoption_set,
        term=term,
        campaign=CampaignFactory(),
        unit=units[0],
        mode="separate",
        actor=officers[0],
    )
    refused(
        published, cs.registration_decide, registration=registration, actor=leader, approve=False
    )
    # scoring
    refused(
        published,
        ss.open_scoring,
        term=term,
        opens_at=at(2025, 12, 20, 8),
        closes_at=at(2025, 12, 30, 8),
        actor=leader,
    )
    refused(
        published,
        ss.extend_window,
        term=term,
        closes_at=at(2026, 1, 30, 8),
        reason="Gia hạn",
        actor=board,
    )
    refused(
        published,
        ss.save_self_scores,
        sheet=sheet,
        entries={lines["1"].pk: SelfEntry(points=Decimal("1"))},
        version=sheet.version,
        actor=officers[0],
    )
    refused(
        published,
        ss.review_scores,
        sheet=sheet,
        entries={lines["1"].pk: ReviewEntry(points=Decimal("1"), reason="Sửa")},
        version=sheet.version,
        actor=leader,
    )
    refused(published, ss.raise_query, score=score, question="Vì sao?", actor=leader)
    refused(published, ss.add_evidence, score=score, upload=pdf(), actor=officers[0])
    refused(published, ss.verify_sheet, sheet=sheet, actor=leader)
    refused(published, ss.return_sheet, sheet=sheet, reason="Làm lại", actor=leader)
    refused(published, ss.end_review, term=term, actor=leader)
    query = Query.objects.filter(score__sheet__term=term).first()
    refused(published, ss.resolve_query, query=query, resolution="Lại", actor=leader)
    refused(published, ss.answer_query, query=query, answer="Lại", actor=officers[2])
    refused(published, ss.reopen_sheet, sheet=sheet, reason="Sửa", actor=leader)
    refused(
        published,
        ss.remove_evidence,
        evidence=Evidence.objects.filter(score__sheet__term=term).first(),
        actor=officers[0],
    )
    # results
    refused(published, rs.share_provisional, term=term, actor=leader, objection_days=3)
    refused(
        published,
        rs.file_objection,
        term=term,
        actor=officers[1],
        unit=units[1],
        criterion_code="1",
        text="Muộn",
    )
    refused(
        published,
        rs.answer_objection,
        objection=Objection.objects.filter(term=term).first(),
        actor=leader,
        answer="Lại",
    )
    refused(published, rs.set_tie_policy, term=term, actor=leader, rules=["full_marks"])
    refused(
        published,
        rs.record_incident,
        term=term,
        actor=board,
        unit=units[0],
        kind="other",
        note="Muộn",
    )
    refused(published, rs.set_term_bands, term=term, actor=board, bands=[])
    # Publishing again is refused with its own, more telling code.
    refused(
        "already_published",
        rs.publish_term,
        term=term,
        actor=board,
        decision_number="16/QĐ-BTĐKT",
        decision_date=datetime.date(2025, 12, 20),
    )
