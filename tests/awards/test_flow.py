"""The life of a proposal: vote, withdrawal, submission, the board's review and decision.
Each step is a `transition` (audited); each refusal has its code and writes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audit.models import AuditEntry
from awards import services
from awards.models import AwardProposal
from awards.selectors import vote_summary
from tests.awards.helpers import (
    CERTIFICATE,
    PROVINCIAL_FLAG,
    approved,
    award,
    pdf_upload,
    proposed,
    submitted,
    voted,
)

Status = AwardProposal.Status


def _state(proposal) -> tuple:
    proposal.refresh_from_db()
    return (proposal.status, proposal.reason, proposal.vote_note, AuditEntry.objects.count())


def _refused(code: str, watched, call, /, **kwargs) -> None:
    before = _state(watched)
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert error.value.code == code
    assert _state(watched) == before


# The block's vote, recorded by the leader unit (or, later, by a ballot closing).


def test_the_vote_carries_with_its_note(world):
    proposal = voted(world)
    assert proposal.status == Status.VOTED
    assert proposal.voted_at is not None
    assert "22/01/2025" in vote_summary(proposal)
    assert AuditEntry.objects.filter(action="awards.proposal.voted").count() == 1


def test_the_vote_not_carried(world):
    proposal = services.record_vote(
        proposal=proposed(world), actor=world.users["leader"], carried=False, note="2/4 đồng ý"
    )
    assert proposal.status == Status.NOT_CARRIED
    assert vote_summary(proposal).endswith("2/4 đồng ý")
    # Voted down: it no longer blocks a proposal of the same award for the unit elsewhere.


def test_a_vote_needs_its_note(world):
    proposal = proposed(world)
    _refused(
        "vote_note_required",
        proposal,
        services.record_vote,
        proposal=proposal,
        actor=world.users["leader"],
        carried=True,
        note="  ",
    )


def test_a_vote_is_recorded_once(world):
    proposal = voted(world)
    _refused(
        "bad_transition",
        proposal,
        services.record_vote,
        proposal=proposal,
        actor=world.users["leader"],
        carried=False,
        note="lần hai",
    )


def test_not_voted_yet(world):
    with translation.override("vi"):
        assert vote_summary(proposed(world)) == "Chưa biểu quyết"


# Withdrawal, while proposed only, with a reason.


def test_withdraw_with_a_reason(world):
    proposal = services.withdraw_proposal(
        proposal=proposed(world), actor=world.users["leader"], reason="Đơn vị xin rút."
    )
    assert (proposal.status, proposal.reason) == (Status.WITHDRAWN, "Đơn vị xin rút.")
    assert AuditEntry.objects.get(action="awards.proposal.withdrawn").reason == "Đơn vị xin rút."


def test_withdraw_needs_a_reason(world):
    proposal = proposed(world)
    _refused(
        "reason_required",
        proposal,
        services.withdraw_proposal,
        proposal=proposal,
        actor=world.users["leader"],
        reason="",
    )


def test_a_voted_proposal_cannot_be_withdrawn(world):
    proposal = voted(world)
    _refused(
        "bad_transition",
        proposal,
        services.withdraw_proposal,
        proposal=proposal,
        actor=world.users["leader"],
        reason="Muộn rồi.",
    )


# Submission of the year's list, at once.


def test_submit_sends_every_voted_proposal_and_tells_the_board(
    world, django_capture_on_commit_callbacks
):
    first = voted(world, unit=world.member_unit)
    second = voted(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    fallen = services.record_vote(
        proposal=proposed(world, unit=world.deputy_unit),
        actor=world.users["leader"],
        carried=False,
        note="1/4",
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.submit_proposals(term=world.published_term, actor=world.users["leader"])
    assert {p.pk for p in result} == {first.pk, second.pk}
    for proposal in (first, second):
        proposal.refresh_from_db()
        assert proposal.status == Status.SUBMITTED
        assert proposal.submitted_by == world.users["leader"]
    fallen.refresh_from_db()
    assert fallen.status == Status.NOT_CARRIED
    assert [m.to for m in mail.outbox] == [[world.users["board"].email]]


def test_submit_waits_for_every_vote(world):
    ready = voted(world, unit=world.member_unit)
    proposed(world, unit=world.deputy_unit)
    _refused(
        "votes_pending",
        ready,
        services.submit_proposals,
        term=world.published_term,
        actor=world.users["leader"],
    )


def test_submit_with_nothing_voted(world):
    proposal = services.withdraw_proposal(
        proposal=proposed(world), actor=world.users["leader"], reason="Rút."
    )
    _refused(
        "nothing_to_submit",
        proposal,
        services.submit_proposals,
        term=world.published_term,
        actor=world.users["leader"],
    )


# The board's review: approve, a lower award, reject.


def test_approve_grants_the_award_proposed_and_tells_the_unit_and_the_leader(
    world, django_capture_on_commit_callbacks
):
    proposal = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.review_proposal(
            proposal=proposal, actor=world.users["board"], outcome=services.APPROVE
        )
    assert proposal.status == Status.APPROVED
    assert proposal.granted_type == proposal.award_type
    assert proposal.reviewed_by == world.users["board"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["member"].email, world.users["leader"].email]
    )


def test_downgrade_to_a_lower_award_with_a_reason(world):
    proposal = submitted(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    proposal = services.review_proposal(
        proposal=proposal,
        actor=world.users["board"],
        outcome=services.DOWNGRADE,
        granted_type=award(CERTIFICATE),
        reason="Chưa đủ tiêu chuẩn Cờ.",
    )
    assert (proposal.status, proposal.granted_type.code) == (Status.DOWNGRADED, CERTIFICATE)
    assert proposal.award_shown == award(CERTIFICATE)


def test_downgrade_needs_a_lower_award(world):
    proposal = submitted(world)  # a certificate: the flag is higher, not lower
    _refused(
        "not_lower",
        proposal,
        services.review_proposal,
        proposal=proposal,
        actor=world.users["board"],
        outcome=services.DOWNGRADE,
        granted_type=award(PROVINCIAL_FLAG),
        reason="Lý do.",
    )


@pytest.mark.parametrize("outcome", [services.DOWNGRADE, services.REJECT])
def test_downgrade_and_reject_need_a_reason(world, outcome):
    proposal = submitted(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    _refused(
        "reason_required",
        proposal,
        services.review_proposal,
        proposal=proposal,
        actor=world.users["board"],
        outcome=outcome,
        granted_type=award(CERTIFICATE),
        reason="",
    )


def test_reject_with_a_reason(world):
    proposal = services.review_proposal(
        proposal=submitted(world),
        actor=world.users["board"],
        outcome=services.REJECT,
        reason="Hồ sơ chưa đầy đủ.",
    )
    assert (proposal.status, proposal.granted_type) == (Status.REJECTED, None)


def test_only_a_submitted_proposal_is_reviewed(world):
    proposal = voted(world)
    _refused(
        "bad_transition",
        proposal,
        services.review_proposal,
        proposal=proposal,
        actor=world.users["board"],
        outcome=services.APPROVE,
    )


# The decision: number, date and the signed PDF.


def _decide(world, proposals, **overrides):
    kwargs = {
        "proposals": proposals,
        "actor": world.users["board"],
        "decision_number": "15/QĐ-UBND",
        "decision_date": datetime.date(2025, 3, 1),
        "signed_file": pdf_upload(),
    }
    kwargs.update(overrides)
    return services.decide_proposals(**kwargs)


def test_one_decision_for_several_proposals_with_its_signed_file(
    world, django_capture_on_commit_callbacks
):
    first = approved(world, unit=world.member_unit)
    second = approved(world, unit=world.deputy_unit)
    with django_capture_on_commit_callbacks(execute=True):
        decided = _decide(world, [first, second])
    assert {p.status for p in decided} == {Status.DECIDED}
    assert {p.decision_number for p in decided} == {"15/QĐ-UBND"}
    assert decided[0].signed_file.name == decided[1].signed_file.name
    assert decided[0].signed_file.read().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="awards.proposal.decided").count() == 2
    assert len(mail.outbox) == 4  # each unit and the leader unit, one message each


@pytest.mark.parametrize(
    "override,code",
    [
        ({"decision_number": " "}, "decision_number_required"),
        ({"decision_date": None}, "decision_date_required"),
        ({"signed_file": None}, "signed_file_required"),
        (
            {
                "signed_file": SimpleUploadedFile(
                    "qd.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
                )
            },
            "file_type",
        ),
        ({"proposals": []}, "nothing_chosen"),
    ],
)
def test_a_decision_needs_number_date_and_a_real_pdf(world, override, code):
    proposal = approved(world)
    _refused(code, proposal, _decide, world=world, **{"proposals": [proposal], **override})


def test_only_approved_or_downgraded_proposals_are_decided(world):
    proposal = submitted(world)
    _refused("bad_transition", proposal, _decide, world=world, proposals=[proposal])


def test_opted_out_officers_get_no_mail(world, django_capture_on_commit_callbacks):
    member = world.users["member"]
    member.email_notifications = False
    member.save()
    proposal = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_proposal(proposal=proposal, actor=world.users["board"], outcome="approve")
    assert [m.to for m in mail.outbox] == [[world.users["leader"].email]]
