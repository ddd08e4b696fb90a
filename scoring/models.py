from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocks.models import Term, Unit
from campaigns.models import Criterion, Scale


class ScoreSheet(models.Model):
    """One unit's scores for one block-year, against one version of the scale."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        NEEDS_EXPLANATION = "needs_explanation", _("Needs explanation")
        VERIFIED = "verified", _("Verified")
        LOCKED = "locked", _("Locked")

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="sheets"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="sheets"
    )
    scale = models.ForeignKey(
        Scale, verbose_name=_("scale version"), on_delete=models.PROTECT, related_name="sheets"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    # Incremented on every save through a service: a save carrying an older number is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["term", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "unit"], name="sheet_unique_term_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.term}"

    @property
    def counts_for_ranking(self) -> bool:
        return self.status in (self.Status.VERIFIED, self.Status.LOCKED)


class Score(models.Model):
    """The points of one sheet on one criterion: the unit's own and the reviewer's.

    `0 ≤ points ≤ criterion.max_points` is enforced in the scoring services (the maximum lives
    on the criterion); the database keeps points non-negative.
    """

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(
        _("self-assessed points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_occurrences = models.PositiveIntegerField(_("occurrences (self)"), null=True, blank=True)
    self_note = models.TextField(_("note"), blank=True)
    reviewed_points = models.DecimalField(
        _("reviewed points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reviewed_occurrences = models.PositiveIntegerField(
        _("occurrences (reviewed)"), null=True, blank=True
    )
    review_reason = models.TextField(_("review reason"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                name="score_self_points_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_points__isnull=True) | Q(reviewed_points__gte=0),
                name="score_reviewed_points_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} / {self.criterion.code}"

    @property
    def final_points(self):
        """The reviewer's figure when there is one, else the unit's own."""
        return self.reviewed_points if self.reviewed_points is not None else self.self_points
