from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocks.freeze import FrozenModel
from blocks.models import Term, Unit
from blocks.states import Machine
from campaigns.models import Criterion, Scale
from emulation import limits
from emulation.limits import bounded_text


class ScoreSheet(FrozenModel):
    """One unit's scores for one block-year, against one version of the scale."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        NEEDS_EXPLANATION = "needs_explanation", _("Needs explanation")
        VERIFIED = "verified", _("Verified")
        LOCKED = "locked", _("Locked")

    # not started → draft → submitted → under review ⇄ needs explanation → verified → locked,
    # plus the return to the unit (back to draft, with a reason) and the reopening before
    # publication (back under review, with a reason).
    TRANSITIONS = Machine(
        edges=frozenset(
            {
                (Status.NOT_STARTED, Status.DRAFT),
                (Status.DRAFT, Status.SUBMITTED),
                (Status.SUBMITTED, Status.UNDER_REVIEW),
                (Status.UNDER_REVIEW, Status.NEEDS_EXPLANATION),
                (Status.NEEDS_EXPLANATION, Status.UNDER_REVIEW),
                (Status.UNDER_REVIEW, Status.VERIFIED),
                (Status.VERIFIED, Status.LOCKED),
                # return to the unit, with a reason
                (Status.SUBMITTED, Status.DRAFT),
                (Status.UNDER_REVIEW, Status.DRAFT),
                (Status.NEEDS_EXPLANATION, Status.DRAFT),
                # reopen before publication, with a reason
                (Status.VERIFIED, Status.UNDER_REVIEW),
                (Status.LOCKED, Status.UNDER_REVIEW),
            }
        ),
        action="scoring.sheet.status_changed",
        audit_id_key="sheet_id",
        stamps={
            Status.SUBMITTED: ("submitted_at", "submitted_by"),
            Status.VERIFIED: ("verified_at", "verified_by"),
        },
        clears={
            Status.DRAFT: ("submitted_at", "submitted_by", "verified_at", "verified_by"),
            Status.UNDER_REVIEW: ("verified_at", "verified_by"),
        },
    )

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
    # What the last move onto a new scale version did to this sheet (cleared figures, evidence
    # left on removed lines): shown on the sheet until the next move.
    version_note = bounded_text(_("scale version note"), limits.NOTE, blank=True)
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


class Score(FrozenModel):
    """The points of one sheet on one criterion: the unit's own and the reviewer's.

    `0 ≤ points ≤ criterion.max_points` is enforced in the scoring services (the maximum lives
    on the criterion); the database keeps points non-negative. The criterion must belong to the
    sheet's scale: checked by `clean()` and again by `save()`, whoever writes.
    """

    term_lookup = "sheet__term"

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
    self_note = bounded_text(_("note"), limits.REASON, blank=True)
    reviewed_points = models.DecimalField(
        _("reviewed points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reviewed_occurrences = models.PositiveIntegerField(
        _("occurrences (reviewed)"), null=True, blank=True
    )
    review_reason = bounded_text(_("review reason"), limits.REASON, blank=True)

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

    def clean(self):
        self.check_criterion_scale()

    def save(self, *args, **kwargs):
        self.check_criterion_scale()
        super().save(*args, **kwargs)

    def check_criterion_scale(self) -> None:
        """Refuse a criterion of another scale than the sheet's (code `criterion_scale`)."""
        if self.sheet_id is None or self.criterion_id is None:
            return
        cache = self._state.fields_cache
        if "sheet" in cache and "criterion" in cache:
            matches = self.sheet.scale_id == self.criterion.scale_id
        else:
            matches = Criterion.objects.filter(
                pk=self.criterion_id, scale__sheets=self.sheet_id
            ).exists()
        if not matches:
            raise ValidationError(
                {
                    "criterion": ValidationError(
                        _("This criterion is not on the scale of this score sheet."),
                        code="criterion_scale",
                    )
                }
            )

    @property
    def final_points(self):
        """The reviewer's figure when there is one, else the unit's own."""
        return self.reviewed_points if self.reviewed_points is not None else self.self_points


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # Under MEDIA_ROOT, which no URL serves: files go out only through the checked view.
    sheet = instance.score.sheet
    return f"evidence/{sheet.term_id}/{sheet.unit_id}/{filename}"


class Evidence(FrozenModel):
    """A file backing a unit's self-score on one criterion (minh chứng)."""

    term_lookup = "score__sheet__term"

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=255, blank=True)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Removal keeps the row (and the audit trail) but hides the file from the sheet.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Query(FrozenModel):
    """A reviewer's question on one score; the unit answers (giải trình), the reviewer resolves."""

    term_lookup = "score__sheet__term"

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="queries"
    )
    question = bounded_text(_("question"), limits.NOTE)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    answer = bounded_text(_("explanation"), limits.NOTE, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resolution = bounded_text(_("resolution"), limits.NOTE, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("query")
        verbose_name_plural = _("queries")
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ReminderLog(models.Model):
    """One reminder e-mail sent to a unit about its sheet: at most one per unit per day."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))
    recipients = bounded_text(_("recipients"), limits.SYSTEM_TEXT, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "sent_on"], name="reminder_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.sent_on}"
