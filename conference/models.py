"""The year-end conference (hội nghị tổng kết): the meeting, its attendance, its ballots, and the
flag handover it decides.

Secret ballots. The fact that a unit voted (`Cast`, one row per electorate row, which the
database refuses to write twice) is stored apart from the anonymous choice, which is only a
counter on the option (`BallotOption.votes`, incremented atomically): no foreign key, no shared
id, no timestamp and no insertion order link a unit to what it chose. Only a named ballot keeps
the choice on the `Cast` row. `tests/conference/test_secrecy.py` inspects every table after a
secret ballot.

A meeting belongs to the year it closes (`term`) even when that year is published: the ranking
is frozen by publication (`blocks.freeze`), the conference that follows it is not. A ballot is
sealed once closed (`conference.sealed`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models import AwardProposal
from blocks.models import FlagHandover, Term, Unit
from blocks.states import Machine
from conference.sealed import SealedModel
from emulation import limits
from emulation.limits import bounded_text


class Meeting(models.Model):
    """A conference of a block-year: where, when, who chaired it, who attended.

    Chair and secretary are written as names and titles, not accounts: the minutes print the
    person ("Ông Nguyễn Văn A, Giám đốc Sở …"), who is usually the head of the leader unit and
    has no account here, while the account that records the meeting is the leader unit's
    emulation officer. Rights come from the year's leader unit, never from these names.
    """

    class Kind(models.TextChoices):
        YEAR_END = "year_end", _("Year-end conference")
        MID_YEAR = "mid_year", _("Mid-year conference")
        LAUNCH = "launch", _("Launch conference")

    term = models.ForeignKey(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="meetings"
    )
    next_term = models.ForeignKey(
        Term,
        verbose_name=_("year it opens"),
        on_delete=models.PROTECT,
        related_name="opening_meetings",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.YEAR_END)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starting time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    chair_name = models.CharField(_("chair"), max_length=150)
    chair_title = models.CharField(_("chair's position"), max_length=255, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=150)
    secretary_title = models.CharField(_("secretary's position"), max_length=255, blank=True)
    agenda = bounded_text(_("agenda"), limits.NOTE, blank=True)
    observers = bounded_text(
        _("observers"),
        limits.REASON,
        blank=True,
        help_text=_("Board members and guests attending, one per line."),
    )
    minutes_number = models.CharField(
        _("number of the minutes"),
        max_length=60,
        blank=True,
        help_text=_('e.g. "01/BB-KTKT"; left empty, the minutes show a blank to fill.'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["term", "held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="meeting_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(next_term=F("term")), name="meeting_opens_another_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.term}"

    def clean(self):
        if self.next_term_id and self.term_id:
            nxt, term = self.next_term, self.term
            if nxt.block_id != term.block_id or nxt.year != term.year + 1:
                raise ValidationError(
                    {"next_term": _("The year it opens must be the next year of the same block.")},
                    code="next_term_mismatch",
                )

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def observer_lines(self) -> list[str]:
        return [line.strip() for line in self.observers.splitlines() if line.strip()]


class Attendance(models.Model):
    """A member unit at a meeting: present or not, and who represented it."""

    # part of the meeting's record: goes with it (a meeting with ballots cannot be deleted)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    present = models.BooleanField(_("present"), default=False)
    representatives = models.CharField(
        _("representatives"),
        max_length=500,
        blank=True,
        help_text=_("Names and positions of the people who represented the unit."),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.meeting}"


class Ballot(SealedModel):
    """One question put to the vote at a meeting."""

    class Subject(models.TextChoices):
        RANKING = "ranking", _("Approve the year's ranking")
        AWARD = "award", _("Award proposal")
        LEADER = "leader", _("Next year's leader unit")
        DEPUTY = "deputy", _("Next year's deputy unit")
        MOTION = "motion", _("Free motion")

    class Method(models.TextChoices):
        SECRET = "secret", _("Secret online ballot")
        NAMED = "named", _("Named online ballot")
        HANDS = "hands", _("Show of hands")
        PAPER = "paper", _("Paper ballots")

    class Threshold(models.TextChoices):
        HALF = "half", _("More than half")
        TWO_THIRDS = "two_thirds", _("At least two thirds")

    class Base(models.TextChoices):
        PRESENT = "present", _("of the units present")
        ALL = "all", _("of all member units")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("ballot", "Draft")
        OPEN = "open", pgettext_lazy("ballot", "Open")
        CLOSED = "closed", pgettext_lazy("ballot", "Closed")

    class Outcome(models.TextChoices):
        CARRIED = "carried", _("Carried")
        NOT_CARRIED = "not_carried", _("Not carried")
        TIE = "tie", _("Tie")

    ONLINE = (Method.SECRET, Method.NAMED)
    ELECTIONS = (Subject.LEADER, Subject.DEPUTY)

    ballot_lookup = "pk"
    TRANSITIONS = Machine(
        edges=frozenset({(Status.DRAFT, Status.OPEN), (Status.OPEN, Status.CLOSED)}),
        action="conference.ballot.status_changed",
        stamps={
            Status.OPEN: ("opened_at", "opened_by"),
            Status.CLOSED: ("closed_at", "closed_by"),
        },
        actions={
            Status.OPEN: "conference.ballot.opened",
            Status.CLOSED: "conference.ballot.closed",
        },
    )

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballots"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    title = models.CharField(_("question"), max_length=255)
    proposal = models.ForeignKey(
        AwardProposal,
        verbose_name=_("award proposal"),
        on_delete=models.PROTECT,
        related_name="ballots",
        null=True,
        blank=True,
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    threshold = models.CharField(
        _("threshold"), max_length=20, choices=Threshold.choices, default=Threshold.HALF
    )
    base = models.CharField(_("base"), max_length=20, choices=Base.choices, default=Base.ALL)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        on_delete=models.PROTECT,
        related_name="next_rounds",
        null=True,
        blank=True,
    )
    closes_at = models.DateTimeField(
        _("closes automatically at"),
        null=True,
        blank=True,
        help_text=_("Online ballots only. Empty: closed by the leader unit."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Frozen when the ballot opens:
    electorate_size = models.PositiveSmallIntegerField(_("electorate"), null=True, blank=True)
    present_size = models.PositiveSmallIntegerField(_("units present"), null=True, blank=True)
    # Show of hands and paper ballots: when the counts were recorded (paper: when two entries
    # by different people matched).
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Computed when it closes, then sealed:
    votes_cast = models.PositiveIntegerField(_("votes cast"), null=True, blank=True)
    invalid_votes = models.PositiveIntegerField(_("invalid ballot papers"), default=0)
    base_size = models.PositiveSmallIntegerField(_("base of the threshold"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    winner = models.ForeignKey(
        Unit,
        verbose_name=_("elected unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = bounded_text(_("note"), limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="ballot_unique_number"),
            models.CheckConstraint(
                condition=(Q(subject="award") & Q(proposal__isnull=False))
                | (~Q(subject="award") & Q(proposal__isnull=True)),
                name="ballot_proposal_iff_award",
            ),
            models.CheckConstraint(
                condition=Q(winner__isnull=True) | Q(subject__in=["leader", "deputy"]),
                name="ballot_winner_only_in_elections",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(outcome="")),
                name="ballot_closed_has_result",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opened_at__isnull=False),
                name="ballot_open_has_time",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(method__in=["secret", "named"]),
                name="ballot_closing_time_online_only",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="ballot_round_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def term_id(self) -> int | None:
        """The block-year of the ballot's meeting: what its audit entries are filed under."""
        return self.meeting.term_id if self.meeting_id else None

    @property
    def is_election(self) -> bool:
        return self.subject in self.ELECTIONS

    @property
    def is_online(self) -> bool:
        return self.method in self.ONLINE

    @property
    def is_secret(self) -> bool:
        return self.method == self.Method.SECRET

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class BallotOption(SealedModel):
    """A choice on a ballot: yes, no, abstain, or a candidate unit; `votes` is its count.

    For online ballots the count is incremented atomically by each vote and is the only trace of
    a secret choice; for a show of hands it is typed by the secretary; for paper ballots it comes
    from the tally entered twice.
    """

    class Kind(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")
        CANDIDATE = "candidate", _("Candidate")

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="options"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        ordering = ["ballot", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "kind"],
                condition=~Q(kind="candidate"),
                name="option_unique_answer",
            ),
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                condition=Q(unit__isnull=False),
                name="option_unique_candidate",
            ),
            models.CheckConstraint(
                condition=(Q(kind="candidate") & Q(unit__isnull=False))
                | (~Q(kind="candidate") & Q(unit__isnull=True)),
                name="option_candidate_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == self.Kind.CANDIDATE and self.unit_id:
            return self.unit.name
        return str(self.get_kind_display())


class Elector(SealedModel):
    """One eligible member unit of a ballot: the electorate, frozen when the ballot opens."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="electors"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electorate")
        ordering = ["ballot", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="elector_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.ballot}"


class Cast(SealedModel):
    """That an elector voted: one row per electorate row, so the database refuses a second vote
    even from two requests at the same moment. Holds the choice only for a named ballot."""

    ballot_lookup = "elector__ballot"

    elector = models.OneToOneField(
        Elector, verbose_name=_("elector"), on_delete=models.PROTECT, related_name="cast"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast at"))
    option = models.ForeignKey(
        BallotOption,
        verbose_name=_("choice (named ballots only)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")

    def __str__(self) -> str:
        return str(self.elector)


class PaperTally(SealedModel):
    """One person's count of the paper ballots. Accepted when it matches an entry by someone
    else; a mismatch is shown and a new entry asked for."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="tallies"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    invalid = models.PositiveIntegerField(_("invalid ballot papers"), default=0)
    accepted = models.BooleanField(_("accepted"), default=False)

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")
        ordering = ["ballot", "pk"]

    def __str__(self) -> str:
        return f"{self.ballot} — {self.entered_by}"


class PaperTallyLine(SealedModel):
    ballot_lookup = "tally__ballot"

    # the lines are the entry itself
    tally = models.ForeignKey(
        PaperTally, verbose_name=_("paper tally"), on_delete=models.CASCADE, related_name="lines"
    )
    option = models.ForeignKey(
        BallotOption, verbose_name=_("option"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("paper tally line")
        verbose_name_plural = _("paper tally lines")
        constraints = [
            models.UniqueConstraint(fields=["tally", "option"], name="tally_line_unique_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.votes}"


class HandoverRecord(models.Model):
    """Which meeting and which vote decided a flag handover (`blocks.FlagHandover`)."""

    handover = models.OneToOneField(
        FlagHandover,
        verbose_name=_("flag handover"),
        on_delete=models.PROTECT,
        related_name="conference_record",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="handovers"
    )
    ballot = models.ForeignKey(
        Ballot,
        verbose_name=_("deciding ballot"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("handover record")
        verbose_name_plural = _("handover records")

    def __str__(self) -> str:
        return str(self.handover)
