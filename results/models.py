from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Term


class PublishedResultQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Published results are never updated; publish a new version instead.")


class PublishedResult(models.Model):
    """The published ranking of a block-year: a frozen snapshot, never updated.

    `snapshot` holds what the public sees: for each unit its rank, its name at the time, base,
    bonus, deduction and total, per-criterion points, classification and tie-break notes, and
    the scale's criteria. A correction is a new version with a reason; earlier versions stay.
    """

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="publications"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    signed_file = models.FileField(
        _("signed decision"), upload_to="decisions/%Y/", blank=True, max_length=255
    )
    reason = models.TextField(_("reason for this version"), blank=True)
    snapshot = models.JSONField(_("ranking snapshot"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    objects = PublishedResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["term", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["term", "version"], name="published_unique_version"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""),
                name="published_correction_has_reason",
                violation_error_message=_("A corrected version needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} v{self.version} ({self.decision_number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Published results are never updated; publish a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Published results are never deleted.")
