"""The conference pages: voting with a confirmation, the worklist item, forms that refuse with
the reason on the page, and the flag handover on the public pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conference import services
from conference.models import Attendance, Ballot, Cast
from portal.worklist import worklist

pytestmark = pytest.mark.django_db


def _args(conf, *extra):
    return [conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk, *extra]


def test_a_member_votes_with_a_confirmation_and_sees_it_voted(conf, clients):
    ballot = conf.opened()
    client = clients["member"]
    page = reverse("conference:ballot", args=_args(conf, ballot.pk))
    vote = reverse("conference:ballot_vote", args=_args(conf, ballot.pk))
    assert 'id="vote"' in client.get(page).content.decode()
    option = ballot.options.get(kind="no")
    confirm = client.post(vote, {"option": option.pk}).content.decode()
    assert 'id="confirm-vote"' in confirm
    assert not Cast.objects.exists()  # nothing until confirmed
    response = client.post(vote, {"option": option.pk, "confirmed": "1"})
    assert response.status_code == 302
    after = client.get(page).content.decode()
    assert 'id="voted"' in after and 'id="vote"' not in after
    assert "Không đồng ý" not in after.split('id="electorate"')[0].split('id="voted"')[1][:400]
    # a second try from the same unit: refused with a message, nothing written
    client.post(vote, {"option": option.pk, "confirmed": "1"})
    assert Cast.objects.count() == 1


def test_the_meeting_page_says_which_ballots_wait_for_my_unit(conf, clients):
    waiting = conf.opened(title="Chờ tôi biểu quyết")
    voted = conf.opened(title="Đã biểu quyết rồi")
    conf.vote(voted, conf.world.member_unit)
    page = clients["member"].get(reverse("conference:meeting", args=_args(conf))).content.decode()
    assert f"ballots/{waiting.pk}/#vote" in page
    assert page.count("ballot-voted") == 1


def test_the_worklist_asks_members_to_vote_until_they_have(conf):
    ballot = conf.opened(title="Thông qua chương trình")
    member = conf.world.users["member"]
    titles = [t.title for t in worklist(member, timezone.now()).tasks]
    assert "Biểu quyết: Thông qua chương trình" in titles
    assert not [
        t
        for t in worklist(conf.world.users["board"], timezone.now()).tasks
        if "Biểu quyết" in t.title
    ]
    conf.vote(ballot, conf.world.member_unit)
    titles = [t.title for t in worklist(member, timezone.now()).tasks]
    assert "Biểu quyết: Thông qua chương trình" not in titles


def test_attendance_form_records_presence_and_representatives(conf, clients):
    url = reverse("conference:attendance", args=_args(conf))
    unit = conf.world.member_unit
    data = {f"present_{unit.pk}": "on", f"reps_{unit.pk}": "Ông Lê Văn A, Phó Giám đốc"}
    assert clients["leader"].post(url, data).status_code == 302
    row = Attendance.objects.get(meeting=conf.meeting, unit=unit)
    assert (row.present, row.representatives) == (True, "Ông Lê Văn A, Phó Giám đốc")
    assert Attendance.objects.filter(meeting=conf.meeting, present=False).count() == 3


def test_a_refused_ballot_shows_the_reason_on_the_form(conf, clients):
    url = reverse("conference:ballot_create", args=_args(conf))
    data = {
        "subject": "leader",
        "title": "Bầu",
        "method": "secret",
        "threshold": "half",
        "base": "all",
    }
    response = clients["leader"].post(url, data)
    assert response.status_code == 200
    assert "Hãy đề cử ít nhất một đơn vị." in response.content.decode()
    data["candidates"] = [conf.world.outsider_unit.pk]
    assert clients["leader"].post(url, data).status_code == 200
    assert not Ballot.objects.exists()


def test_counts_beyond_the_electorate_stay_on_the_page(conf, clients):
    ballot = conf.opened(method="hands")
    url = reverse("conference:ballot_counts", args=_args(conf, ballot.pk))
    data = {f"option_{o.pk}": 3 for o in ballot.options.all()}
    response = clients["leader"].post(url, data)
    assert response.status_code == 200
    assert "Số phiếu nhiều hơn số đơn vị có quyền biểu quyết (4)." in response.content.decode()


def test_the_screen_works_without_javascript(conf, clients):
    page = clients["leader"].get(reverse("conference:screen", args=_args(conf))).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "conference/screen.js" in page
    assert "<script>" not in page  # no inline script (CSP)


@pytest.fixture
def handed_over(conf):
    w = conf.world
    ballot = conf.opened(
        subject="leader", title="Bầu Khối trưởng 2025", method="hands", candidates=[w.member_unit]
    )
    counts = {o.pk: (4 if o.unit_id else 0) for o in ballot.options.all()}
    services.record_counts(ballot=ballot, actor=conf.runner, counts=counts)
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    conf.meeting.refresh_from_db()
    services.record_handover(
        meeting=conf.meeting,
        actor=conf.runner,
        handed_on=datetime.date(2025, 1, 22),
        place="Hội trường",
        ballot=ballot,
    )
    return conf


def test_the_handover_shows_on_the_public_pages_with_its_vote(handed_over, client):
    w = handed_over.world
    pages = [
        reverse("portal:term_ranking", args=[w.block.pk, 2024]),
        reverse("portal:block_detail", args=[w.block.pk]),
        reverse("portal:unit_detail", args=[w.leader_unit.pk]),
        reverse("portal:unit_detail", args=[w.member_unit.pk]),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "trao cờ luân lưu cho" in text, url
        assert "Bầu Khối trưởng 2025" in text, url


def test_the_handover_page_refuses_a_vote_that_did_not_elect(conf, clients):
    motion = conf.opened()
    conf.vote(motion, conf.units[0])
    motion = services.close_ballot(ballot=motion, actor=conf.runner)
    url = reverse("conference:handover", args=_args(conf))
    response = clients["leader"].post(url, {"handed_on": "22/01/2025", "ballot": motion.pk})
    assert response.status_code == 200
    from blocks.models import FlagHandover

    assert not FlagHandover.objects.exists()


def test_a_named_vote_shows_each_units_choice_once_closed(conf, clients):
    ballot = conf.opened(method="named")
    conf.vote(ballot, conf.world.leader_unit, "no")
    url = reverse("conference:ballot", args=_args(conf, ballot.pk))

    def electorate():
        return clients["council"].get(url).content.decode().split('id="electorate"')[1]

    assert "Không đồng ý" not in electorate()
    services.close_ballot(ballot=ballot, actor=conf.runner)
    assert "Không đồng ý" in electorate()


def test_opening_an_online_vote_mails_the_electors(
    conf, mailoutbox, django_capture_on_commit_callbacks
):
    for user in conf.officers.values():
        user.email = f"{user.username}@example.vn"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        conf.opened(title="Thông qua chương trình")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in conf.officers.values())
    assert "Thông qua chương trình" in mailoutbox[0].subject
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conf.opened(title="Giơ tay", method="hands")
    assert mailoutbox == []
