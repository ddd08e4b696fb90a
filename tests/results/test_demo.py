import pytest
from django.core.management import call_command
from django.db import models

from blocks.models import Term
from results.models import PublishedResult

pytestmark = pytest.mark.django_db


def _fingerprint() -> dict:
    """Every row of every project model, as plain values."""
    from django.apps import apps

    result = {}
    for label in ("accounts", "audit", "blocks", "campaigns", "scoring", "results"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if not isinstance(f, models.DateTimeField) or not (f.auto_now or f.auto_now_add)
            ]
            result[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return result


def test_seed_demo_reproduces_the_published_top_three(capsys):
    call_command("seed_demo")
    term = Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)
    assert term.is_published
    assert term.leader.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert term.deputy.name == "Ban Quản lý Khu kinh tế tỉnh"
    rows = PublishedResult.objects.get(term=term).snapshot["rows"]
    assert [r["unit_name"] for r in rows[:3]] == [
        "Sở Công thương",
        "Sở Khoa học và Công nghệ",
        "Sở Xây dựng",
    ]
    assert [r["rank"] for r in rows] == list(range(1, 9))
    # The leader of 2019 was the 2018 deputy, not in the top 3: rotation is independent of rank.
    term_2019 = Term.objects.get(block=term.block, year=2019)
    assert term_2019.leader.name == "Ban Quản lý Khu kinh tế tỉnh"
    assert term_2019.leader.name not in [r["unit_name"] for r in rows[:3]]
    assert term.block.memberships.count() == 8
    out = capsys.readouterr().out
    for username in ("admin", "bantdkt", "khoitruong", "thanhvien", "hoidong"):
        assert username in out


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    before = _fingerprint()
    call_command("seed_demo")
    assert _fingerprint() == before


def test_seed_demo_total_above_nominal_maximum_is_kept():
    call_command("seed_demo")
    rows = PublishedResult.objects.get(term__year=2018).snapshot["rows"]
    assert rows[0]["total"] == "107.00" or float(rows[0]["total"]) == 107


def test_the_2018_year_went_through_the_services_at_its_dates(settings, tmp_path):
    """Issue #14, part 5: scale approved, window opened, every sheet self-scored with evidence,
    submitted, reviewed and verified by the leader unit, locked and published, each at its date
    in 2018-2019, so the sheets' times and the audit trail are a real year's."""
    import datetime
    from decimal import Decimal

    from audit.models import AuditEntry
    from demo import ktkt
    from demo.data import REVIEW_CHANGES_2018, SCORES_2018
    from scoring.models import Evidence, Score, ScoreSheet

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    term = Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)
    assert (term.scoring_opens_at, term.scoring_closes_at) == (
        ktkt.WINDOW_OPENS,
        ktkt.WINDOW_CLOSES,
    )
    sheets = list(term.sheets.select_related("unit", "submitted_by", "verified_by"))
    assert len(sheets) == 8
    for sheet in sheets:
        assert sheet.status == ScoreSheet.Status.LOCKED
        assert ktkt.WINDOW_OPENS < sheet.submitted_at < ktkt.WINDOW_CLOSES
        assert sheet.submitted_by.unit_id == sheet.unit_id
        assert ktkt.FIRST_REVIEW <= sheet.verified_at < ktkt.REVIEW_ENDED
        assert sheet.verified_by.unit_id == term.leader_id
        assert Evidence.objects.filter(score__sheet=sheet).count() == 2  # criteria 3 and 7
    # The leader unit's changes carry their reasons; the unit's own figure is kept.
    for (unit_name, code), (typed, reason) in REVIEW_CHANGES_2018.items():
        score = Score.objects.get(
            sheet__term=term, sheet__unit__name=unit_name, criterion__code=code
        )
        assert score.self_points == Decimal(typed) and score.review_reason == reason
    # the year's own work; the conference that followed publication is recorded after it
    entries = AuditEntry.objects.filter(term_id=term.pk).exclude(action__startswith="conference.")
    assert {
        "campaigns.scale.submitted",
        "campaigns.scale.approved",
        "campaigns.scale.locked",
        "results.tie_policy.changed",
        "scoring.window.opened",
        "scoring.score.self_scored",
        "scoring.evidence.added",
        "scoring.sheet.status_changed",
        "scoring.score.reviewed",
        "scoring.review.ended",
        "results.term.published",
    } <= set(entries.values_list("action", flat=True))
    first, last = entries.order_by("at").first().at, entries.order_by("at").last().at
    assert first == ktkt.SCALE_SUBMITTED and last == ktkt.PUBLISHED
    conference = AuditEntry.objects.filter(term_id=term.pk, action__startswith="conference.")
    assert conference.exists()
    assert {e.at.date() for e in conference} == {datetime.date(2019, 1, 22)}
    publication = PublishedResult.objects.get(term=term)
    assert publication.published_at == ktkt.PUBLISHED
    assert publication.decision_date == datetime.date(2019, 1, 22)
    # The published figures are the seed's, unit by unit (the ranking the demo always had).
    totals = {r["unit_name"]: r["total"] for r in publication.snapshot["rows"]}
    for unit_name, (base, extra) in SCORES_2018.items():
        bonus = Decimal(extra[0]) + Decimal(extra[1])
        expected = sum(map(Decimal, base)) + bonus - Decimal(extra[2])
        assert Decimal(totals[unit_name]) == expected, unit_name
