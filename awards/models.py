"""Award proposals: what a block proposes for its units at the year-end conference, and what
the board decides.

The award types themselves (Cờ thi đua của UBND tỉnh, Bằng khen…) are `campaigns.AwardType`.
A proposal is voted at the conference (a `conference.Ballot` whose subject is the proposal),
submitted to the board, reviewed (approved, downgraded to another award, or rejected) and
finally decided (decision number, date, signed file).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Province, Term, Unit
from blocks.states import Machine
from campaigns.models import AwardType
from emulation import limits
from emulation.limits import bounded_text


class AwardProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        VOTED = "voted", _("Carried by the block's vote")
        NOT_CARRIED = "not_carried", _("Not carried by the vote")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUBMITTED = "submitted", _("Submitted to the board")
        APPROVED = "approved", _("Approved by the board")
        DOWNGRADED = "downgraded", _("Downgraded by the board")
        REJECTED = "rejected", _("Rejected by the board")
        DECIDED = "decided", _("Decided")

    TRANSITIONS = Machine(
        edges=frozenset(
            {
                (Status.PROPOSED, Status.PROPOSED),
                (Status.PROPOSED, Status.VOTED),
                (Status.PROPOSED, Status.NOT_CARRIED),
                (Status.PROPOSED, Status.WITHDRAWN),
                (Status.VOTED, Status.SUBMITTED),
                (Status.SUBMITTED, Status.APPROVED),
                (Status.SUBMITTED, Status.DOWNGRADED),
                (Status.SUBMITTED, Status.REJECTED),
                (Status.APPROVED, Status.DECIDED),
                (Status.DOWNGRADED, Status.DECIDED),
            }
        ),
        action="awards.proposal.status_changed",
        actions={
            Status.PROPOSED: "awards.proposal.proposed",
            Status.VOTED: "awards.proposal.voted",
            Status.NOT_CARRIED: "awards.proposal.not_carried",
            Status.WITHDRAWN: "awards.proposal.withdrawn",
            Status.SUBMITTED: "awards.proposal.submitted",
            Status.APPROVED: "awards.proposal.approved",
            Status.DOWNGRADED: "awards.proposal.downgraded",
            Status.REJECTED: "awards.proposal.rejected",
            Status.DECIDED: "awards.proposal.decided",
        },
        stamps={
            Status.PROPOSED: ("proposed_at", "proposed_by"),
            Status.VOTED: ("voted_at", None),
            Status.NOT_CARRIED: ("voted_at", None),
            Status.SUBMITTED: ("submitted_at", "submitted_by"),
            Status.APPROVED: ("reviewed_at", "reviewed_by"),
            Status.DOWNGRADED: ("reviewed_at", "reviewed_by"),
            Status.REJECTED: ("reviewed_at", "reviewed_by"),
            Status.DECIDED: ("decided_at", "decided_by"),
        },
        reasons={
            Status.WITHDRAWN: "reason",
            Status.DOWNGRADED: "reason",
            Status.REJECTED: "reason",
        },
    )

    term = models.ForeignKey(
        Term,
        verbose_name=_("block-year"),
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award proposed"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    granted_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award granted"),
        on_delete=models.PROTECT,
        related_name="granted_proposals",
        null=True,
        blank=True,
        help_text=_("Set by the board when it approves or downgrades the proposal."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    justification = bounded_text(_("achievements"), limits.NOTE, blank=True)
    reason = bounded_text(_("reason"), limits.REASON, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    # What the block's vote was, in words: a ballot closing writes its result here, the leader
    # unit types it when the vote was taken without one ("show of hands at the meeting of …").
    vote_note = models.CharField(_("vote"), max_length=500, blank=True)
    voted_at = models.DateTimeField(_("vote recorded at"), null=True, blank=True)
    signed_file = models.FileField(
        _("signed decision"), upload_to="awards/decisions/%Y/", blank=True, max_length=255
    )

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["term", "award_type__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "unit", "award_type"], name="award_proposal_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["downgraded", "rejected", "withdrawn"]) | ~Q(reason=""),
                name="award_proposal_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | ~Q(decision_number=""),
                name="award_proposal_decided_has_number",
            ),
            # What the board granted is known from its review on: the award proposed
            # (approved) or a lower one (downgraded).
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "downgraded", "decided"])
                | Q(granted_type__isnull=False),
                name="award_proposal_reviewed_has_grant",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decision_date__isnull=False),
                name="award_proposal_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.unit} ({self.term})"

    @property
    def award_shown(self) -> AwardType:
        """The award as it stands: what the board granted once it has reviewed, else the one
        proposed."""
        return self.granted_type or self.award_type


class AwardPolicy(models.Model):
    """A province's settings for award proposals, set by its board staff.

    A province without a row uses the defaults (`DEFAULT_GOVERNMENT_FLAG_SHARE`). Kept here
    rather than on `blocks.Province` because only the awards read it.
    """

    DEFAULT_GOVERNMENT_FLAG_SHARE = 20

    # A province's own settings go with it: deleting the province (never done while it has
    # units, which are protected) takes its settings along.
    province = models.OneToOneField(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="award_policy",
    )
    government_flag_share = models.PositiveSmallIntegerField(
        _("Government flag: share of the block-leading units (%)"),
        default=DEFAULT_GOVERNMENT_FLAG_SHARE,
        help_text=_(
            "At most this share of the province's block-leading units of a year may be "
            "proposed for the Government's emulation flag."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("award policy")
        verbose_name_plural = _("award policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(government_flag_share__lte=100), name="award_policy_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province}: {self.government_flag_share} %"
