"""The versioned scale of a block-year and its criteria."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocks.freeze import FrozenModel
from blocks.models import Term
from blocks.states import Machine
from emulation import limits
from emulation.limits import bounded_text


class Scale(FrozenModel):
    """A version of a block-year's scoring scale (thang điểm)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        LOCKED = "locked", _("Locked")

    # A returned scale goes back to draft and loses its submission; a locked scale stays locked
    # (a change is a new version).
    TRANSITIONS = Machine(
        edges=frozenset(
            {
                (Status.DRAFT, Status.SUBMITTED),
                (Status.SUBMITTED, Status.DRAFT),
                (Status.SUBMITTED, Status.APPROVED),
                (Status.APPROVED, Status.LOCKED),
            }
        ),
        action="campaigns.scale.status_changed",
        actions={
            Status.SUBMITTED: "campaigns.scale.submitted",
            Status.DRAFT: "campaigns.scale.returned",
            Status.APPROVED: "campaigns.scale.approved",
            Status.LOCKED: "campaigns.scale.locked",
        },
        stamps={
            Status.SUBMITTED: ("submitted_at", "submitted_by"),
            Status.APPROVED: ("approved_at", "approved_by"),
        },
        clears={
            Status.SUBMITTED: ("return_reason",),
            Status.DRAFT: ("submitted_at", "submitted_by", "approved_at", "approved_by"),
        },
        reasons={Status.DRAFT: "return_reason"},
    )

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="scales"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    nominal_total = models.DecimalField(
        _("nominal total"), max_digits=6, decimal_places=2, default=Decimal("100")
    )
    reason = bounded_text(_("reason for this version"), limits.REASON, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reason = bounded_text(_("reason for returning"), limits.REASON, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["term", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["term", "version"], name="scale_unique_version"),
            models.CheckConstraint(
                condition=Q(nominal_total__gt=0), name="scale_nominal_total_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s — scale v%(version)s") % {"term": self.term, "version": self.version}

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Criterion(FrozenModel):
    """A line of a scale: a group, a scored criterion, a bonus item or a deduction item.

    Base points come from SCORED leaves; BONUS and DEDUCTION lines are kept apart so a total can
    exceed the nominal maximum without anything being clamped.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        SCORED = "scored", _("Criterion")
        BONUS = "bonus", _("Bonus item")
        DEDUCTION = "deduction", _("Deduction item")

    term_lookup = "scale__term"

    scale = models.ForeignKey(
        Scale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCORED)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    points_per_occurrence = models.DecimalField(
        _("points per occurrence"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    guidance = bounded_text(_("guidance"), limits.NOTE, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scale", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="criterion_max_points_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(points_per_occurrence__isnull=True) | Q(points_per_occurrence__gt=0),
                name="criterion_per_occurrence_positive",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="criterion_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_leaf_scored(self) -> bool:
        return self.kind in (self.Kind.SCORED, self.Kind.BONUS, self.Kind.DEDUCTION)

    def clean(self):
        if self.parent_id:
            if self.parent.scale_id != self.scale_id:
                raise ValidationError(
                    _("A criterion's parent must belong to the same scale."), code="parent_scale"
                )
            if self.parent.kind != self.Kind.GROUP:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _("Only a group can contain other criteria."), code="parent_kind"
                        )
                    }
                )
