"""Writes of award proposals: proposing (with the award rules), withdrawing, the block's vote,
submitting the year's list, the board's review and decision, and the province's share for the
Government flag. Every status change goes through `blocks.states.transition` (audited there).

Proposals are made after the year's ranking is published, so unlike the rest of a block-year
they do not stop at publication (no `ensure_term_writable`): they rest on the published ranking.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from awards import notifications, rules, selectors
from awards.models import AwardPolicy, AwardProposal
from blocks.models import Province, Term, Unit
from blocks.states import transition
from campaigns.models import AwardType
from emulation.uploads import validate_upload

Status = AwardProposal.Status
SIGNED_FILE_KINDS = ("pdf",)


def _locked(proposal: AwardProposal) -> AwardProposal:
    return (
        AwardProposal.objects.select_for_update(of=("self",))
        .select_related("term__block__province", "unit", "award_type", "granted_type")
        .get(pk=proposal.pk)
    )


def _required(value: str, code: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(message, code=code)
    return text


def _check_award(award_type: AwardType) -> None:
    if not rules.is_proposable(award_type):
        raise ValidationError(
            _("%(award)s is not an award a block proposes."),
            code="award_not_proposable",
            params={"award": award_type.name},
        )


def _check_unit(term: Term, unit: Unit, award_type: AwardType) -> None:
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(
            _("%(unit)s is not a member of the block in %(year)s."),
            code="not_member",
            params={"unit": unit.name, "year": term.year},
        )
    if AwardProposal.objects.filter(term=term, unit=unit, award_type=award_type).exists():
        raise ValidationError(
            _("%(unit)s has already been proposed for %(award)s this year."),
            code="duplicate",
            params={"unit": unit.name, "award": award_type.name},
        )
    # The same unit proposed for the same award by another block it belongs to that year.
    elsewhere = AwardProposal.objects.filter(
        term__year=term.year, unit=unit, award_type=award_type
    ).exclude(status__in=selectors.FALLEN)
    if elsewhere.exists():
        raise ValidationError(
            _("%(unit)s has already been proposed for %(award)s in %(year)s by another block."),
            code="duplicate",
            params={"unit": unit.name, "award": award_type.name, "year": term.year},
        )


def _check_leading_unit(term: Term, unit: Unit, award_type: AwardType) -> None:
    if not term.is_published:
        raise ValidationError(
            _("%(award)s can only be proposed once the year's ranking is published."),
            code="year_not_published",
            params={"award": award_type.name},
        )
    if selectors.leading_unit_id(term) != unit.pk:
        raise ValidationError(
            _("%(award)s is reserved to the block's leading unit in the published ranking."),
            code="not_leading_unit",
            params={"award": award_type.name},
        )


def _check_government_cap(term: Term) -> None:
    """At most the province's share of its block-leading units, counted province-wide over
    the proposals still standing. The province row is locked first, so two blocks proposing at
    the same moment are counted one after the other."""
    province = Province.objects.select_for_update().get(pk=term.block.province_id)
    cap = selectors.government_cap(province, term.year)
    if cap.used >= cap.allowed:
        raise ValidationError(
            _(
                "The province may propose at most %(allowed)d unit(s) for the Government's "
                "flag in %(year)s (%(share)d%% of its %(leading)d block-leading units), and "
                "%(used)d are already proposed."
            ),
            code="government_flag_cap",
            params={
                "allowed": cap.allowed,
                "year": term.year,
                "share": cap.share,
                "leading": cap.leading_units,
                "used": cap.used,
            },
        )


@transaction.atomic
def propose_award(
    *,
    term: Term,
    unit: Unit,
    award_type: AwardType,
    actor,
    justification: str = "",
    request=None,
) -> AwardProposal:
    """Propose `unit` for `award_type` in the block-year (leader unit or board staff).

    Refused: an award the block does not propose, a unit that is not a member that year, the
    same award for the same unit twice in a year, a flag for a unit other than the leading unit
    of the published ranking, a Government flag past the province's share.
    """
    term = Term.objects.select_related("block__province").get(pk=term.pk)
    _check_award(award_type)
    _check_unit(term, unit, award_type)
    rule = rules.rule_of(award_type)
    if rule in (rules.LEADING_UNIT, rules.GOVERNMENT_FLAG):
        _check_leading_unit(term, unit, award_type)
    if rule == rules.GOVERNMENT_FLAG:
        _check_government_cap(term)
    proposal = AwardProposal(
        term=term, unit=unit, award_type=award_type, justification=justification.strip()
    )
    return transition(
        proposal,
        Status.PROPOSED,
        actor=actor,
        request=request,
        log_after={"unit_id": unit.pk, "award_type": award_type.code},
    )


@transaction.atomic
def withdraw_proposal(*, proposal: AwardProposal, actor, reason: str, request=None):
    """The block takes a proposal back before its vote, with a reason."""
    reason = _required(reason, "reason_required", _("Give the reason for withdrawing."))
    proposal = _locked(proposal)
    return transition(proposal, Status.WITHDRAWN, actor=actor, reason=reason, request=request)


@transaction.atomic
def record_vote(
    *, proposal: AwardProposal, actor, carried: bool, note: str, request=None
) -> AwardProposal:
    """The block's vote on a proposal: carried (voted) or not. `note` says how and when it was
    taken ("show of hands at the meeting of 22/01/2019"); a conference ballot closing calls this
    with its result as the note."""
    note = _required(
        note, "vote_note_required", _("Say how and when the block voted, e.g. the meeting's date.")
    )
    proposal = _locked(proposal)
    target = Status.VOTED if carried else Status.NOT_CARRIED
    return transition(
        proposal, target, actor=actor, request=request, vote_note=note, log_after={"vote": note}
    )


@transaction.atomic
def submit_proposals(*, term: Term, actor, request=None) -> list[AwardProposal]:
    """Send the year's voted proposals to the board, all at once.

    Refused while a proposal still waits for its vote (the list would be incomplete) and when
    nothing is voted.
    """
    proposals = list(
        AwardProposal.objects.select_for_update(of=("self",))
        .select_related("unit", "award_type")
        .filter(term=term, status__in=(Status.PROPOSED, Status.VOTED))
        .order_by("pk")
    )
    waiting = [p for p in proposals if p.status == Status.PROPOSED]
    if waiting:
        raise ValidationError(
            _("%(count)d proposal(s) still wait for the block's vote."),
            code="votes_pending",
            params={"count": len(waiting)},
        )
    if not proposals:
        raise ValidationError(_("There is no voted proposal to submit."), code="nothing_to_submit")
    submitted = [transition(p, Status.SUBMITTED, actor=actor, request=request) for p in proposals]
    notifications.submitted(term, len(submitted))
    return submitted


APPROVE, DOWNGRADE, REJECT = "approve", "downgrade", "reject"


@transaction.atomic
def review_proposal(
    *,
    proposal: AwardProposal,
    actor,
    outcome: str,
    granted_type: AwardType | None = None,
    reason: str = "",
    request=None,
) -> AwardProposal:
    """The board's review of a submitted proposal: approve it, downgrade it to a lower award
    (with a reason), or reject it (with a reason)."""
    proposal = _locked(proposal)
    if outcome == APPROVE:
        target, granted = Status.APPROVED, proposal.award_type
    elif outcome == DOWNGRADE:
        reason = _required(reason, "reason_required", _("Give the reason for the lower award."))
        if granted_type is None or not rules.is_lower(granted_type, proposal.award_type):
            raise ValidationError(
                _("Choose an award lower than %(award)s."),
                code="not_lower",
                params={"award": proposal.award_type.name},
            )
        target, granted = Status.DOWNGRADED, granted_type
    elif outcome == REJECT:
        reason = _required(reason, "reason_required", _("Give the reason for the rejection."))
        target, granted = Status.REJECTED, None
    else:
        raise ValidationError(_("Choose an outcome."), code="bad_outcome")
    proposal = transition(
        proposal,
        target,
        actor=actor,
        reason=reason,
        request=request,
        granted_type=granted,
        log_after={"granted_type": granted.code if granted else None},
    )
    notifications.reviewed(proposal)
    return proposal


@transaction.atomic
def decide_proposals(
    *,
    proposals: list[AwardProposal],
    actor,
    decision_number: str,
    decision_date: datetime.date | None,
    signed_file,
    request=None,
) -> list[AwardProposal]:
    """Record the decision (number, date, signed PDF) on approved or downgraded proposals.

    One decision usually grants several awards, so it is recorded on each proposal it covers;
    the file is stored once and shared.
    """
    if not proposals:
        raise ValidationError(_("Choose the proposals the decision covers."), code="nothing_chosen")
    number = _required(decision_number, "decision_number_required", _("Enter the decision number."))
    if decision_date is None:
        raise ValidationError(_("Enter the decision date."), code="decision_date_required")
    if signed_file is None:
        raise ValidationError(_("Attach the signed decision (PDF)."), code="signed_file_required")
    validate_upload(signed_file, kinds=SIGNED_FILE_KINDS)
    decided, stored = [], None
    for proposal in sorted(proposals, key=lambda p: p.pk):
        proposal = _locked(proposal)
        proposal = transition(
            proposal,
            Status.DECIDED,
            actor=actor,
            request=request,
            decision_number=number,
            decision_date=decision_date,
            signed_file=stored or signed_file,
            log_after={"decision_number": number, "decision_date": decision_date.isoformat()},
        )
        stored = stored or proposal.signed_file.name
        decided.append(proposal)
    for proposal in decided:
        notifications.decided(proposal)
    return decided


@transaction.atomic
def set_government_flag_share(*, province: Province, share: int, actor, request=None):
    """The province's share of its block-leading units that may be proposed for the
    Government's flag (board staff)."""
    if share is None or not 0 <= share <= 100:
        raise ValidationError(
            _("The share is a whole number of per cent from 0 to 100."),
            code="share_out_of_range",
        )
    policy = AwardPolicy.objects.select_for_update().filter(province=province).first()
    policy = policy or AwardPolicy(province=province)
    before = policy.government_flag_share if policy.pk else None
    policy.government_flag_share = share
    policy.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    policy.full_clean()
    policy.save()
    log_action(
        actor=actor,
        action="awards.policy.changed",
        obj=policy,
        before={"government_flag_share": before},
        after={"government_flag_share": share},
        request=request,
    )
    return policy
