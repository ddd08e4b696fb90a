from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocks.freeze import FrozenModel, FrozenQuerySet
from blocks.models import Province, Term, Unit
from blocks.states import Machine
from emulation import limits
from emulation.limits import bounded_text


class PublishedResultQuerySet(FrozenQuerySet):
    def update(self, **kwargs):
        raise TypeError("Published results are never updated; publish a new version instead.")


class PublishedResult(FrozenModel):
    """The published ranking of a block-year: a frozen snapshot, never updated.

    `snapshot` holds what the public sees: for each unit its rank, its name at the time, base,
    bonus, deduction and total, per-criterion points, classification and tie-break notes, and
    the scale's criteria. A correction is a new version with a reason; earlier versions stay.
    Rows are created only by publication and corrections (see `blocks.freeze`).
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
    reason = bounded_text(_("reason for this version"), limits.REASON, blank=True)
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

    def frozen_write_allowed(self) -> bool:
        """A published year takes one write here: the next version, with its reason.

        That is what a correction is (append-only; earlier versions are never touched), so the
        correction service needs no escape for it.
        """
        if self.pk is not None or self.version is None or self.version < 2 or not self.reason:
            return False
        latest = (
            PublishedResult.objects.filter(term_id=self.term_id)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        return latest == self.version - 1

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Published results are never updated; publish a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Published results are never deleted.")


def _published_document_path(document: "PublishedDocument", filename: str) -> str:
    publication = document.publication
    return f"published/{publication.term_id}/v{publication.version}/{document.language}/{filename}"


class PublishedDocument(FrozenModel):
    """A document of a published version, rendered once and kept in the storage (issue #13).

    The documents of a version are rendered by a background task when the version is
    published (`documents.stored`), in every language of the site; a download serves the
    stored bytes, and renders and stores them first when they are missing (a year published
    before documents were stored). The SHA-256 lets anyone check a copy against the one issued.
    Rows are only ever added: a correction is a new version with documents of its own.
    """

    class Kind(models.TextChoices):
        RANKING_PDF = "ranking_pdf", _("Ranking report (PDF)")
        RANKING_DOCX = "ranking_docx", _("Ranking report (Word)")
        RANKING_XLSX = "ranking_xlsx", _("Ranking (Excel)")
        MATRIX_XLSX = "matrix_xlsx", _("Score matrix (Excel)")

    term_lookup = "publication__term"

    publication = models.ForeignKey(
        PublishedResult,
        verbose_name=_("published version"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=_published_document_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        ordering = ["publication", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "kind", "language"], name="published_document_unique"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="published_document_sha256"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.kind} ({self.language})"

    def frozen_write_allowed(self) -> bool:
        """A published year takes new documents (that is when they are made), never a change."""
        return self.pk is None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("A stored document is never changed.")
        super().save(*args, **kwargs)


class TiePolicy(FrozenModel):
    """The ordered tie-break rules of a block-year (codes such as "full_marks", "group:A")."""

    term = models.OneToOneField(
        Term, verbose_name=_("block-year"), on_delete=models.CASCADE, related_name="tie_policy"
    )
    rules = models.JSONField(_("rules, in order"), default=list, blank=True)
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
        verbose_name = _("tie-break policy")
        verbose_name_plural = _("tie-break policies")

    def __str__(self) -> str:
        return f"{self.term}: {', '.join(self.rules) or '—'}"


class ClassificationBand(FrozenModel):
    """A classification (xếp loại) band: a minimum total and a floor on every criterion.

    Bands of a block-year override the province's; with none configured the defaults of
    `results.ranking.DEFAULT_BANDS` apply. Bands are tried from the highest minimum down; a unit
    gets the first whose minimum total it reaches with every scored criterion at or above the
    floor (a percentage of that criterion's maximum).

    The minimum is either a share of the scale's nominal total (90 % of a 150-point scale is
    135; bonus points come on top of the nominal total) or absolute points, as the board
    chooses (`min_basis`). Rows written before the choice existed were points.
    """

    class Basis(models.TextChoices):
        SHARE = "share", _("per cent of the scale's nominal total")
        POINTS = "points", _("points")

    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="classification_bands",
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("block-year"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="classification_bands",
        help_text=_("Empty: the province's bands for every block-year without its own."),
    )
    label = models.CharField(_("label"), max_length=100)
    min_total = models.DecimalField(_("minimum total"), max_digits=6, decimal_places=2)
    min_basis = models.CharField(
        _("minimum as"), max_length=10, choices=Basis.choices, default=Basis.POINTS
    )
    floor_percent = models.DecimalField(
        # xgettext:no-python-format
        _("floor on every criterion (% of its maximum)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
    )

    class Meta:
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
        ordering = ["province", "term", "-min_total"]
        constraints = [
            models.CheckConstraint(condition=Q(min_total__gte=0), name="band_min_total_positive"),
            models.CheckConstraint(
                condition=Q(floor_percent__gte=0) & Q(floor_percent__lte=100),
                name="band_floor_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(min_basis__in=["share", "points"]), name="band_min_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        unit = "%" if self.min_basis == self.Basis.SHARE else ""
        return f"{self.label} (≥ {self.min_total}{unit})"

    def clean(self):
        share = self.min_basis == self.Basis.SHARE
        if share and self.min_total is not None and self.min_total > 100:
            message = _("A share of the nominal total is at most 100 per cent.")
            raise ValidationError({"min_total": ValidationError(message, code="band_share_range")})
        if self.term_id and self.province_id and self.term.block.province_id != self.province_id:
            raise ValidationError(
                {"term": _("This block-year belongs to another province.")},
                code="band_province_mismatch",
            )


class Incident(FrozenModel):
    """A recorded event that bars a unit from being the year's leading unit.

    Separate from the scores: a unit with a disciplined leadership keeps its rank but cannot be
    proposed as the leading unit.
    """

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Leadership disciplined")
        VIOLATION = "violation", _("Serious violation of the law")
        COMPLAINT = "complaint", _("Unresolved complaint or denunciation")
        OTHER = "other", _("Other")

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="incidents"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    makes_ineligible = models.BooleanField(_("ineligible to be the leading unit"), default=True)
    note = bounded_text(_("note"), limits.NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["term", "unit__name", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_kind_display()}"


class ProvisionalRelease(FrozenModel):
    """The leader shared the provisional results with the members; objections until closes_at."""

    term = models.OneToOneField(
        Term,
        verbose_name=_("block-year"),
        on_delete=models.CASCADE,
        related_name="provisional_release",
    )
    shared_at = models.DateTimeField(_("shared at"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    objection_days = models.PositiveSmallIntegerField(_("objection window (days)"), default=0)
    closes_at = models.DateTimeField(_("objections close at"))

    class Meta:
        verbose_name = _("provisional release")
        verbose_name_plural = _("provisional releases")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gte=F("shared_at")), name="release_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.shared_at:%Y-%m-%d})"

    def is_open(self, now) -> bool:
        return now < self.closes_at


class Objection(FrozenModel):
    """A unit's objection to its provisional result on one criterion, and the leader's answer.

    Its state is read from the answer time (filed → answered), not stored.
    """

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        ANSWERED = "answered", _("Answered")

    TRANSITIONS = Machine(
        # An answer may be revised until publication; an answer is never taken back.
        edges=frozenset({(Status.FILED, Status.ANSWERED), (Status.ANSWERED, Status.ANSWERED)}),
        action="results.objection.answered",
        stamps={Status.ANSWERED: ("answered_at", "answered_by")},
        derived=True,
    )

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="objections"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="objections"
    )
    criterion_code = models.CharField(_("criterion"), max_length=20)
    text = bounded_text(_("objection"), limits.NOTE)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    answer = bounded_text(_("answer"), limits.NOTE, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["term", "filed_at"]

    def __str__(self) -> str:
        return f"{self.unit} / {self.criterion_code}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def status(self) -> str:
        return self.Status.ANSWERED if self.is_answered else self.Status.FILED
