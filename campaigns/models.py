from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Block, Province, Term, Unit


class Campaign(models.Model):
    """An emulation movement (phong trào) or a special campaign (đợt thi đua)."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCIAL = "provincial", _("Provincial")
        BLOCK = "block", _("Block")
        UNIT = "unit", _("Unit")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (yearly)")
        THEMATIC = "thematic", _("Thematic")
        SPECIAL = "special", _("Special campaign")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    name = models.CharField(_("name"), max_length=255)
    theme = models.TextField(_("theme / slogan"), blank=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    launched_by = models.CharField(_("launched by"), max_length=255, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    block = models.ForeignKey(
        Block,
        verbose_name=_("block"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("For a block's own movement."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("For a unit's own movement."),
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-launched_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="special") | Q(ends_on__isnull=False),
                name="campaign_special_has_end",
                violation_error_message=_("A special campaign needs an end date."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(launched_on__isnull=True)
                | Q(ends_on__gte=F("launched_on")),
                name="campaign_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(level="block") | Q(block__isnull=False),
                name="campaign_block_level_has_block",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignAdoption(models.Model):
    """How a block-year (or one of its units) takes up a campaign launched elsewhere."""

    class Mode(models.TextChoices):
        SEPARATE = "separate", _("Launched separately")
        INTEGRATED = "integrated", _("Integrated into another movement")

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.CASCADE, related_name="adoptions"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="adoptions"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        help_text=_("Empty when the whole block adopts it."),
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    integrated_into = models.ForeignKey(
        Campaign,
        verbose_name=_("integrated into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("campaign adoption")
        verbose_name_plural = _("campaign adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "campaign", "unit"], name="adoption_unique_per_unit"
            ),
            models.UniqueConstraint(
                fields=["term", "campaign"],
                condition=Q(unit__isnull=True),
                name="adoption_unique_whole_block",
            ),
            models.CheckConstraint(
                condition=~Q(mode="integrated") | Q(integrated_into__isnull=False),
                name="adoption_integrated_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} / {self.unit or self.term}"


class Scale(models.Model):
    """A version of a block-year's scoring scale (thang điểm)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        LOCKED = "locked", _("Locked")

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
    reason = models.TextField(_("reason for this version"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
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


class Criterion(models.Model):
    """A line of a scale: a group, a scored criterion, a bonus item or a deduction item.

    Base points come from SCORED leaves; BONUS and DEDUCTION lines are kept apart so a total can
    exceed the nominal maximum without anything being clamped.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        SCORED = "scored", _("Criterion")
        BONUS = "bonus", _("Bonus item")
        DEDUCTION = "deduction", _("Deduction item")

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
    guidance = models.TextField(_("guidance"), blank=True)
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
                    {"parent": _("Only a group can contain other criteria.")}, code="parent_kind"
                )
