"""Award types and the titles units register for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Term, Unit
from blocks.states import Machine
from emulation import limits
from emulation.limits import bounded_text


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
    targets = bounded_text(_("targets"), limits.TARGETS, help_text=_("One target per line."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = bounded_text(_("reason for returning"), limits.REASON, blank=True)
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
