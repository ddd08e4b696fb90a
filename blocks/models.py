import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocks.freeze import FrozenModel, FrozenQuerySet
from blocks.states import Machine
from emulation import limits
from emulation.limits import bounded_text


class Province(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=F("pk")), name="province_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An agency that can be a member of blocks.

    A rename or a merger creates a new row linked by `UnitLineage`; the old row keeps its name,
    so historical pages show the name the unit had at the time.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department (Sở)")
        BOARD = "board", _("Board (Ban)")
        PARTY = "party", _("Party body")
        MASS_ORGANISATION = "mass_org", _("Mass organisation")
        ENTERPRISE = "enterprise", _("Enterprise")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune / ward")
        CENTRAL = "central", _("Central agency in the province")
        OTHER = "other", _("Other")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    email = models.EmailField(_("email"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="unit_unique_name"),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=F("active_from")),
                name="unit_active_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class UnitLineage(models.Model):
    class Kind(models.TextChoices):
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Rename")

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    effective_on = models.DateField(_("effective on"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="lineage_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="lineage_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Block(models.Model):
    class Kind(models.TextChoices):
        KHOI = "khoi", pgettext_lazy("block kind", "Block (khối)")
        CUM = "cum", pgettext_lazy("block kind", "Cluster (cụm)")

    class Rotation(models.TextChoices):
        ELECTION = "election", _("Elected at the year-end conference")
        ORDERED = "ordered", _("Ordered rotation list")
        DEPUTY_PROMOTES = "deputy", _("Deputy becomes leader")
        APPOINTED = "appointed", _("Appointed by the board")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="blocks"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.KHOI)
    name = models.CharField(_("name"), max_length=255)
    description = bounded_text(_("description"), limits.SHORT_TEXT, blank=True)
    rotation_policy = models.CharField(
        _("rotation policy"), max_length=20, choices=Rotation.choices, default=Rotation.ELECTION
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["province__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="block_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> "MembershipQuerySet":
        """Memberships in force on `day`."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def between(self, start: datetime.date, end: datetime.date) -> "MembershipQuerySet":
        """Memberships in force on at least one day from `start` to `end`."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end)

    def during_year(self, year: int) -> "MembershipQuerySet":
        """Memberships in force on at least one day of `year`."""
        return self.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def of_term(self, term: "Term") -> "MembershipQuerySet":
        """The members of a block-year: memberships of its block in force on at least one day of
        its year. The one definition of "member during the year"."""
        return self.during_year(term.year).filter(block_id=term.block_id)


class Membership(models.Model):
    """A unit's membership of a block, effective-dated. Membership on a date is a query."""

    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    rotation_position = models.PositiveSmallIntegerField(
        _("position in the rotation list"), null=True, blank=True
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["block", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "unit", "valid_from"], name="membership_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.block}"

    def clean(self):
        if self.block_id and self.unit_id:
            overlapping = Membership.objects.filter(block_id=self.block_id, unit_id=self.unit_id)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            end = self.valid_to or datetime.date.max
            overlapping = overlapping.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from), valid_from__lte=end
            )
            if overlapping.exists():
                raise ValidationError(
                    _("This unit already has a membership of this block in that period."),
                    code="membership_overlap",
                )


class Term(FrozenModel):
    """The block-year: one emulation year of one block, with its leader and deputy units.

    Leader powers derive from this row. The scoring window lives here because every sheet of the
    year shares it.
    """

    class Status(models.TextChoices):
        SETUP = "setup", _("Setting up")
        SCORING = "scoring", _("Scoring")
        REVIEW = "review", _("Under review")
        PROVISIONAL = "provisional", _("Provisional results")
        PUBLISHED = "published", _("Published")

    term_lookup = "pk"
    # Publication is the end: nothing leaves "published" (a correction is a new version).
    TRANSITIONS = Machine(
        edges=frozenset(
            {
                (Status.SETUP, Status.SCORING),
                # the window set again before units start (or its closing moved earlier)
                (Status.SCORING, Status.SCORING),
                (Status.SCORING, Status.REVIEW),
                (Status.SCORING, Status.PROVISIONAL),
                (Status.REVIEW, Status.PROVISIONAL),
                # sharing again (after objections are answered) restarts the objection window
                (Status.PROVISIONAL, Status.PROVISIONAL),
                (Status.SCORING, Status.PUBLISHED),
                (Status.REVIEW, Status.PUBLISHED),
                (Status.PROVISIONAL, Status.PUBLISHED),
            }
        ),
        action="blocks.term.status_changed",
    )

    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.PROTECT, related_name="terms"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    leader = models.ForeignKey(
        Unit, verbose_name=_("leader unit"), on_delete=models.PROTECT, related_name="led_terms"
    )
    deputy = models.ForeignKey(
        Unit,
        verbose_name=_("deputy unit"),
        on_delete=models.PROTECT,
        related_name="deputy_terms",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SETUP
    )
    scoring_opens_at = models.DateTimeField(_("scoring opens at"), null=True, blank=True)
    scoring_closes_at = models.DateTimeField(_("scoring closes at"), null=True, blank=True)
    membership_cutoff = models.DateField(
        _("membership cut-off"),
        null=True,
        blank=True,
        help_text=_(
            "A unit whose membership ends before this date gets no score sheet this year. "
            "Empty: 31 December of the year (only the units still members at the end of the "
            "year are scored)."
        ),
    )

    class Meta:
        verbose_name = _("block-year")
        verbose_name_plural = _("block-years")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="term_unique_block_year"),
            models.CheckConstraint(condition=~Q(leader=F("deputy")), name="term_leader_not_deputy"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2200), name="term_year_range"
            ),
            models.CheckConstraint(
                condition=Q(scoring_opens_at__isnull=True)
                | Q(scoring_closes_at__isnull=True)
                | Q(scoring_closes_at__gt=F("scoring_opens_at")),
                name="term_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} — {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def cutoff(self) -> datetime.date:
        """The day a membership must reach for its unit to be scored this year."""
        return self.membership_cutoff or datetime.date(self.year, 12, 31)

    def clean(self):
        errors = {}
        if self.membership_cutoff and self.year and self.membership_cutoff.year != self.year:
            errors["membership_cutoff"] = ValidationError(
                _("The cut-off date must fall within the year %(year)s."),
                code="cutoff_outside_year",
                params={"year": self.year},
            )
        if self.leader_id and self.deputy_id and self.leader_id == self.deputy_id:
            errors["deputy"] = ValidationError(
                _("The deputy unit must differ from the leader unit."), code="leader_is_deputy"
            )
        if self.block_id and self.year:
            members = set(Membership.objects.of_term(self).values_list("unit_id", flat=True))
            for field in ("leader", "deputy"):
                unit_id = getattr(self, f"{field}_id")
                if unit_id and unit_id not in members:
                    errors.setdefault(
                        field,
                        ValidationError(
                            _("This unit is not a member of the block in %(year)s."),
                            code="not_member",
                            params={"year": self.year},
                        ),
                    )
        if errors:
            raise ValidationError(errors)

    def member_unit_ids(self) -> set[int]:
        return set(Membership.objects.of_term(self).values_list("unit_id", flat=True))


class DelegationQuerySet(FrozenQuerySet):
    def in_force(self, on: datetime.date | None = None) -> "DelegationQuerySet":
        """Delegations in force on `on` (default: now): within their dates and not revoked by
        then. A revocation counts from the day it was made."""
        if on is None:
            day = timezone.localdate()
            return self.filter(starts_on__lte=day, ends_on__gte=day, revoked_at__isnull=True)
        return self.filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=on),
            starts_on__lte=on,
            ends_on__gte=on,
        )


class Delegation(FrozenModel):
    """The deputy unit acting for the leader unit of a block-year, between two dates.

    Granted by the leader unit or assigned by the board; revoked (never deleted) with who, when
    and why. While one is in force the deputy's officers hold the leader's powers
    (`blocks.access.can_lead_term`); nobody's account changes.
    """

    class Source(models.TextChoices):
        LEADER = "leader", _("Granted by the leader unit")
        BOARD = "board", _("Assigned by the board")

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="delegations"
    )
    deputy = models.ForeignKey(
        Unit,
        verbose_name=_("acting unit"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    source = models.CharField(_("granted"), max_length=10, choices=Source.choices)
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("acting deputy")
        verbose_name_plural = _("acting deputies")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="delegation_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} — {self.term}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def in_force_on(self, day: datetime.date) -> bool:
        revoked = self.revoked_at is not None and timezone.localdate(self.revoked_at) <= day
        return self.starts_on <= day <= self.ends_on and not revoked

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": ValidationError(_("The end is before the start."), code="dates_order")}
            )


class FlagHandover(models.Model):
    """The rotating leader flag (cờ luân lưu) passing from one year's leader to the next.

    A handover record, not an award.
    """

    from_term = models.OneToOneField(
        Term, verbose_name=_("from block-year"), on_delete=models.PROTECT, related_name="handover"
    )
    to_term = models.OneToOneField(
        Term,
        verbose_name=_("to block-year"),
        on_delete=models.PROTECT,
        related_name="received_handover",
    )
    handed_on = models.DateField(_("handed over on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    note = bounded_text(_("note"), limits.NOTE, blank=True)

    class Meta:
        verbose_name = _("flag handover")
        verbose_name_plural = _("flag handovers")
        ordering = ["-handed_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_term=F("to_term")), name="handover_distinct_terms"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_term} → {self.to_term}"
