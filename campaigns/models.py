import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocks.freeze import FrozenModel
from blocks.models import Block, Province, Term, Unit
from blocks.states import Machine


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
    term = models.ForeignKey(
        Term,
        verbose_name=_("block-year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_campaigns",
        help_text=_("The block-year that runs this movement (block and unit movements)."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
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
            # The owner matches the level: a province's movement names its province and no
            # block or unit; a block's names no unit; a unit's names its unit.
            models.CheckConstraint(
                condition=~Q(level="central") | Q(block__isnull=True, unit__isnull=True),
                name="campaign_central_has_no_owner",
                violation_error_message=_("A central movement belongs to no block or unit."),
            ),
            models.CheckConstraint(
                condition=~Q(level="provincial")
                | Q(province__isnull=False, block__isnull=True, unit__isnull=True),
                name="campaign_provincial_owner",
                violation_error_message=_(
                    "A provincial movement belongs to a province, not to a block or a unit."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(level="block") | Q(unit__isnull=True),
                name="campaign_block_level_no_unit",
                violation_error_message=_("A block's movement belongs to no single unit."),
            ),
            models.CheckConstraint(
                condition=~Q(level="unit") | Q(unit__isnull=False),
                name="campaign_unit_level_has_unit",
                violation_error_message=_("A unit's movement needs its unit."),
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
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="adoptions"
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
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
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
                    {
                        "parent": ValidationError(
                            _("Only a group can contain other criteria."), code="parent_kind"
                        )
                    }
                )


def campaign_document_path(instance: "CampaignDocument", filename: str) -> str:
    # The stored name never reuses the uploader's: it only keeps the extension.
    suffix = Path(filename).suffix.lower()
    return f"campaigns/{instance.campaign_id}/{uuid.uuid4().hex}{suffix}"


class CampaignDocument(models.Model):
    """A file attached to a movement (plan, launch decision, slogan poster). Served only through
    a permission-checked view."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=campaign_document_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["campaign", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


def pact_document_path(instance: "Pact", filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"pacts/{instance.term_id}/{uuid.uuid4().hex}{suffix}"


class Pact(models.Model):
    """The block-year's emulation pact (giao ước thi đua): text, commitments, signed copy."""

    term = models.OneToOneField(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="pact"
    )
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text of the pact"), blank=True)
    commitments = models.TextField(
        _("commitments"), blank=True, help_text=_("One commitment per line.")
    )
    document = models.FileField(
        _("signed document"), upload_to=pact_document_path, max_length=255, blank=True
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True)
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
        verbose_name = _("pact")
        verbose_name_plural = _("pacts")

    def __str__(self) -> str:
        return self.title

    @property
    def commitment_lines(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]


class PactSignature(models.Model):
    """A member unit's acknowledgement of the pact: who signed for it, and when."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.PROTECT, related_name="signatures"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pact_signatures"
    )
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pact signature")
        verbose_name_plural = _("pact signatures")
        ordering = ["pact", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["pact", "unit"], name="pact_signature_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.pact}"


class AwardType(models.Model):
    """A title or award a unit can aim for (configurable; the usual ones are seeded)."""

    class Level(models.TextChoices):
        BLOCK = "block", _("Block")
        PROVINCIAL = "provincial", _("Provincial")
        GOVERNMENT = "government", _("Government")
        UNIT = "unit", _("Unit (own agency)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    requires_leading_unit = models.BooleanField(
        _("requires a leading unit"),
        default=False,
        help_text=_("Only a unit that led its block (ranked first) can receive it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A member unit's emulation registration (đăng ký thi đua) for a block-year."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    # A new registration starts submitted; editing a submitted one submits it again.
    TRANSITIONS = Machine(
        edges=frozenset(
            {
                (Status.SUBMITTED, Status.SUBMITTED),
                (Status.SUBMITTED, Status.APPROVED),
                (Status.SUBMITTED, Status.RETURNED),
                (Status.RETURNED, Status.SUBMITTED),
            }
        ),
        action="campaigns.registration.status_changed",
        actions={
            Status.SUBMITTED: "campaigns.registration.submitted",
            Status.APPROVED: "campaigns.registration.approved",
            Status.RETURNED: "campaigns.registration.returned",
        },
        stamps={
            Status.SUBMITTED: ("submitted_at", "submitted_by"),
            Status.APPROVED: ("decided_at", "decided_by"),
            Status.RETURNED: ("decided_at", "decided_by"),
        },
        clears={
            Status.SUBMITTED: ("decided_at", "decided_by", "reason"),
            Status.APPROVED: ("reason",),
        },
        reasons={Status.RETURNED: "reason"},
    )

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registrations"
    )
    award_types = models.ManyToManyField(
        AwardType, verbose_name=_("titles aimed for"), related_name="registrations"
    )
    targets = models.TextField(_("targets"), help_text=_("One target per line."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.TextField(_("reason for returning"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["term", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "unit"], name="registration_unique_unit"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(reason=""),
                name="registration_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.term}"

    @property
    def target_lines(self) -> list[str]:
        return [line.strip() for line in self.targets.splitlines() if line.strip()]
