"""Opening scoring, extending the window, and the window's enforcement under frozen time."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from blocks.models import Term
from campaigns.models import Scale
from scoring import services
from scoring.models import Score, ScoreSheet
from tests.factories import CriterionFactory, ScaleFactory, TermFactory
from tests.scoring.conftest import CLOSES, OPENS, TZ

pytestmark = pytest.mark.django_db


def _setup_term(world, scale_status=Scale.Status.APPROVED):
    term = TermFactory(
        block=world.block, year=2027, leader=world.leader_unit, status=Term.Status.SETUP
    )
    if scale_status:
        scale = ScaleFactory(term=term, status=scale_status)
        CriterionFactory(scale=scale, code="1")
        CriterionFactory(scale=scale, code="2")
    return term


def test_open_scoring_locks_scale_creates_sheets_and_logs(world):
    term = _setup_term(world)
    services.open_scoring(term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"])
    term.refresh_from_db()
    assert term.status == Term.Status.SCORING
    assert term.scoring_opens_at == OPENS and term.scoring_closes_at == CLOSES
    assert term.scales.get().status == Scale.Status.LOCKED
    sheets = ScoreSheet.objects.filter(term=term)
    assert {s.unit_id for s in sheets} == term.member_unit_ids()
    assert all(s.status == ScoreSheet.Status.NOT_STARTED for s in sheets)
    assert Score.objects.filter(sheet__term=term).count() == 2 * sheets.count()
    entry = AuditEntry.objects.get(action="scoring.window.opened")
    assert entry.term_id == term.pk and entry.after["sheets_created"] == sheets.count()
    assert AuditEntry.objects.filter(action="campaigns.scale.locked", term_id=term.pk).exists()


def test_open_scoring_twice_creates_no_duplicates(world):
    term = _setup_term(world)
    for _ in range(2):
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"]
        )
    assert ScoreSheet.objects.filter(term=term).count() == len(term.member_unit_ids())


@pytest.mark.parametrize(
    "scale_status,code",
    [(Scale.Status.DRAFT, "scale_not_approved"), (None, "no_scale")],
)
def test_open_scoring_refuses_without_an_approved_scale(world, scale_status, code):
    term = _setup_term(world, scale_status)
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"]
        )
    assert exc.value.error_list[0].code == code
    term.refresh_from_db()
    assert term.status == Term.Status.SETUP and term.scoring_opens_at is None
    assert not ScoreSheet.objects.filter(term=term).exists()
    assert not AuditEntry.objects.filter(term_id=term.pk).exists()


def test_open_scoring_refuses_a_reversed_window(world):
    term = _setup_term(world)
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(
            term=term, opens_at=CLOSES, closes_at=OPENS, actor=world.users["leader"]
        )
    assert exc.value.error_dict["closes_at"][0].code == "window_order"
    assert not ScoreSheet.objects.filter(term=term).exists()


def test_extend_window_needs_a_reason_and_a_later_date(world, open_term):
    term, board = open_term.term, world.users["board"]
    later = CLOSES + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as exc:
        services.extend_window(term=term, closes_at=later, reason=" ", actor=board)
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    with pytest.raises(ValidationError) as exc:
        services.extend_window(term=term, closes_at=OPENS, reason="Lùi hạn", actor=board)
    assert exc.value.error_dict["closes_at"][0].code == "not_later"
    term.refresh_from_db()
    assert term.scoring_closes_at == CLOSES
    assert not AuditEntry.objects.filter(action="scoring.window.extended").exists()

    services.extend_window(term=term, closes_at=later, reason="Lùi hạn do bão", actor=board)
    term.refresh_from_db()
    assert term.scoring_closes_at == later
    entry = AuditEntry.objects.get(action="scoring.window.extended")
    assert entry.reason == "Lùi hạn do bão" and entry.actor == board
    assert entry.before == {"closes_at": CLOSES.isoformat()}


@pytest.mark.parametrize(
    "moment,is_open",
    [
        (OPENS - datetime.timedelta(minutes=1), False),
        (OPENS, True),
        (CLOSES - datetime.timedelta(seconds=1), True),
        (CLOSES, False),
        # 09:59 UTC is 16:59 in Hồ Chí Minh City: still open; 10:00 UTC is closing time.
        (datetime.datetime(2026, 12, 20, 9, 59, tzinfo=datetime.UTC), True),
        (datetime.datetime(2026, 12, 20, 10, 0, tzinfo=datetime.UTC), False),
    ],
)
def test_sheets_are_editable_only_inside_the_window(world, open_term, moment, is_open):
    sheet = open_term.member_sheet
    entries = {open_term.scored[1].pk: services.SelfEntry(points=Decimal("15"))}
    with time_machine.travel(moment, tick=False):
        if is_open:
            services.save_self_scores(
                sheet=sheet, entries=entries, version=sheet.version, actor=world.users["member"]
            )
            assert Score.objects.get(sheet=sheet, criterion=open_term.scored[1]).self_points == 15
        else:
            with pytest.raises(ValidationError) as exc:
                services.save_self_scores(
                    sheet=sheet,
                    entries=entries,
                    version=sheet.version,
                    actor=world.users["member"],
                )
            assert exc.value.error_list[0].code == "window_closed"
            assert Score.objects.get(sheet=sheet, criterion=open_term.scored[1]).self_points is None


def test_window_dates_are_entered_in_the_province_time_zone(world, clients, open_term):
    from django.urls import reverse

    url = reverse("scoring:extend", args=[world.block.pk, 2026])
    response = clients["board"].post(
        url, {"closes_at": "27/12/2026 17:00", "reason": "Lùi hạn"}, follow=True
    )
    assert response.status_code == 200
    open_term.term.refresh_from_db()
    assert open_term.term.scoring_closes_at == datetime.datetime(2026, 12, 27, 17, 0, tzinfo=TZ)


def test_open_scoring_page_opens_the_year(world, clients):
    from django.urls import reverse

    term = _setup_term(world)
    url = reverse("scoring:open", args=[world.block.pk, term.year])
    response = clients["leader"].post(
        url, {"opens_at": "01/12/2027 08:00", "closes_at": "20/12/2027 17:00"}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.SCORING
    assert term.scoring_opens_at == datetime.datetime(2027, 12, 1, 8, 0, tzinfo=TZ)


def test_open_scoring_page_shows_the_scale_refusal(world, clients):
    from django.urls import reverse

    term = _setup_term(world, Scale.Status.DRAFT)
    url = reverse("scoring:open", args=[world.block.pk, term.year])
    response = clients["leader"].post(
        url, {"opens_at": "01/12/2027 08:00", "closes_at": "20/12/2027 17:00"}
    )
    assert response.status_code == 200
    assert "scale_not_approved" in {
        e.code for e in response.context["form"].errors.as_data()["__all__"]
    }


def test_opening_again_cannot_extend_the_window(world, open_term):
    # Units are scoring: a later closing is an extension, which is the board's, with a reason.
    term = open_term.term
    later = CLOSES + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=later, actor=world.users["leader"]
        )
    assert exc.value.error_dict["closes_at"][0].code == "extension_needs_board"
    term.refresh_from_db()
    assert term.scoring_closes_at == CLOSES
    assert not AuditEntry.objects.filter(
        action="scoring.window.opened", after__closes_at=later.isoformat()
    ).exists()
    # The same window again (to add sheets for new members) is still fine.
    services.open_scoring(term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"])


def test_dates_can_be_corrected_before_the_window_opens(world):
    term = _setup_term(world)
    with time_machine.travel(OPENS - datetime.timedelta(days=5), tick=False):
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"]
        )
        later = CLOSES + datetime.timedelta(days=3)
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=later, actor=world.users["leader"]
        )
    term.refresh_from_db()
    assert term.scoring_closes_at == later


def test_closing_early_needs_a_reason_and_confirmation(world, clients, open_term):
    """Issue #10: closing early was one click, and the message said scoring was opened."""
    term = open_term.term
    earlier = CLOSES - datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        services.open_scoring(
            term=term, opens_at=OPENS, closes_at=earlier, actor=world.users["leader"]
        )
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    term.refresh_from_db()
    assert term.scoring_closes_at == CLOSES
    url = reverse("scoring:open", args=[term.block_id, term.year])
    fmt = "%d/%m/%Y %H:%M"
    local = timezone.localtime
    data = {"opens_at": local(OPENS).strftime(fmt), "closes_at": local(earlier).strftime(fmt)}
    response = clients["leader"].post(url, {**data, "reason": "Họp tổng kết sớm"})
    # Not confirmed yet: the confirmation page says what closing early cuts short.
    assert response.status_code == 200 and 'id="confirm-page"' in response.text
    assert "chưa nộp" in response.text and "Không có thư báo" in response.text
    term.refresh_from_db()
    assert term.scoring_closes_at == CLOSES
    response = clients["leader"].post(
        url, {**data, "reason": "Họp tổng kết sớm", "confirm": "on"}, follow=True
    )
    term.refresh_from_db()
    assert term.scoring_closes_at == earlier
    text = response.content.decode()
    assert "sớm hơn" in text and "Đã mở" not in text
    entry = AuditEntry.objects.filter(action="scoring.window.opened").latest("pk")
    assert entry.reason == "Họp tổng kết sớm"
