"""Movements and special campaigns, their adoption by a block-year, their documents."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Block, Province, Term, Unit
from campaigns.models import campaign_document_path
from emulation import limits
from emulation.limits import bounded_text


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
    theme = bounded_text(_("theme / slogan"), limits.SHORT_TEXT, blank=True)
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
