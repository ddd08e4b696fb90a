"""Who may see and do what in a block-year. Every view gets its objects through these helpers.

Rules (see docs/permissions.md):
- Outsiders get 404 for anything not public: they cannot tell a private object from a missing
  one. Insiders without the right to act get 403.
- A signed-out person asking for anything not public is sent to the login page (with `next`):
  the helpers raise `SignInRequired`, which `emulation.middleware.SignInRequiredMiddleware` turns
  into the redirect. So every view behind these helpers handles login the same way.
- Roles are never stored on the user: "leader officer of block B in year Y" means the user's
  unit is Term(B, Y).leader. Changing the leader changes no account.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from blocks.models import Block, Delegation, Membership, Province, Term, Unit
from emulation.prepared import PreparedQuery


class SignInRequired(Exception):
    """A signed-out person asked for something not public: answered by the login page."""


def require_sign_in(request) -> None:
    """Send a signed-out person to the login page before anything is looked up.

    Checked first, so a signed-out person cannot tell an existing private object from a
    missing one either: both ask them to sign in.
    """
    if not request.user.is_authenticated:
        raise SignInRequired


def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_board_for(user, block: Block) -> bool:
    """Board staff of the block's province (or a superuser)."""
    if is_superuser(user):
        return True
    return bool(user.is_authenticated and user.board_province_id == block.province_id)


def is_council_for(user, block: Block) -> bool:
    if not user.is_authenticated:
        return False
    # Read with the block-year of the URL for a unit's officer (`_term_or_404`).
    known = getattr(user, "_council_by_block", None)
    if known is not None and block.pk in known:
        return known[block.pk]
    cache = getattr(user, "_council_block_ids", None)
    if cache is None:
        # Unordered: a set, and Block's default ordering would join the province to sort.
        cache = set(user.council_blocks.order_by().values_list("pk", flat=True))
        user._council_block_ids = cache
    return block.pk in cache


def _member_key(term: Term) -> str:
    return f"_member_terms_{term.pk}"


def _year_span(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `year`: "member during the year" is a membership in force on
    at least one day between them (`MembershipQuerySet.between`)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def is_member_of_term(user, term: Term) -> bool:
    """The user's unit is a member of the block at some point of the term's year."""
    if not (user.is_authenticated and user.unit_id):
        return False
    if user.unit_id in (term.leader_id, term.deputy_id):
        return True
    key = _member_key(term)
    cached = getattr(user, key, None)
    if cached is None:
        start, end = _year_span(term.year)
        cached = bool(
            _MEMBERSHIP.first(block=term.block_id, unit=user.unit_id, start=start, end=end)
        )
        setattr(user, key, cached)
    return cached


# `Membership.objects.of_term(term).filter(unit=…).exists()`, compiled once (emulation.prepared).
_MEMBERSHIP = PreparedQuery(
    lambda block, unit, start, end: (
        Membership.objects.between(start, end)
        .filter(block_id=block, unit_id=unit)
        .order_by()
        .values_list("pk", flat=True)[:1]
    ),
    block=int,
    unit=int,
    start=datetime.date,
    end=datetime.date,
)


def is_leader_of_term(user, term: Term) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.unit_id == term.leader_id)


def is_deputy_of_term(user, term: Term) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.unit_id == term.deputy_id)


def can_lead_term(user, term: Term, *, on: datetime.date | None = None) -> bool:
    """The leader's powers in a block-year: an officer of the leader unit, or of the deputy
    unit while a delegation to it is in force on `on` (default: now).

    The one check behind every leader power (`can_manage_term` and everything built on it).
    The deputy's delegation costs one query, made only for the deputy's officers and kept on
    the user for the request when `on` is not given.
    """
    if not (user.is_authenticated and user.unit_id):
        return False
    if user.unit_id == term.leader_id:
        return True
    if user.unit_id != term.deputy_id:
        return False
    if on is not None:
        return _acting_deputy(term, on).exists()
    key = f"_acting_terms_{term.pk}"
    cached = getattr(user, key, None)
    if cached is None:
        cached = _acting_deputy(term, None).exists()
        setattr(user, key, cached)
    return cached


def _acting_deputy(term: Term, on: datetime.date | None):
    return Delegation.objects.in_force(on).filter(term_id=term.pk, deputy_id=term.deputy_id)


def can_delegate(user, term: Term) -> bool:
    """Grant or revoke the deputy's delegation: the leader unit itself (not an acting deputy)
    or the board."""
    return is_board_for(user, term.block) or is_leader_of_term(user, term)


def can_read_term(user, term: Term) -> bool:
    """Everything of a block-year, published or not: board, council, members.

    The council is asked last: the board check and the leader's and deputy's membership cost
    no query, so the officers of those units never pay for the council's."""
    return (
        is_board_for(user, term.block)
        or is_member_of_term(user, term)
        or is_council_for(user, term.block)
    )


def can_read_results(user, term: Term) -> bool:
    """The ranking of a block-year (page and documents).

    Published: everyone. Shared as provisional results: the block's members too. Before that
    the ranking is work in progress, seen by those who prepare and oversee it: the leader and
    deputy units, the board, the block's council members.
    """
    if term.is_published:
        return True
    if term.status == Term.Status.PROVISIONAL:
        return can_read_term(user, term)
    return (
        can_manage_term(user, term)
        or is_deputy_of_term(user, term)
        or is_council_for(user, term.block)
    )


def can_manage_term(user, term: Term) -> bool:
    """Leader-unit work: drafting the scale, reviewing sheets. The leader unit, its acting
    deputy while a delegation is in force, or board staff."""
    return is_board_for(user, term.block) or can_lead_term(user, term)


def can_oversee(user, term: Term) -> bool:
    """Reads every sheet of the year (the review grid): leader unit, board staff, council."""
    return can_manage_term(user, term) or is_council_for(user, term.block)


class TermRoles:
    """The roles of one person in one block-year, computed once for views and templates.

    Each role is worked out on first use and kept, so a page pays only for the roles it asks
    about. For showing links and choosing what a page offers; every view still gets its
    objects through an access helper below, which decides.
    """

    def __init__(self, user, term: Term):
        self.user, self.term = user, term

    @cached_property
    def board(self) -> bool:
        return is_board_for(self.user, self.term.block)

    @cached_property
    def council(self) -> bool:
        return is_council_for(self.user, self.term.block)

    @cached_property
    def leader(self) -> bool:
        return is_leader_of_term(self.user, self.term)

    @cached_property
    def deputy(self) -> bool:
        return is_deputy_of_term(self.user, self.term)

    @cached_property
    def lead(self) -> bool:
        """Holds the leader's powers now: the leader unit, or the deputy acting for it."""
        return can_lead_term(self.user, self.term)

    @cached_property
    def delegate(self) -> bool:
        return self.board or self.leader

    @cached_property
    def member(self) -> bool:
        return is_member_of_term(self.user, self.term)

    @cached_property
    def read(self) -> bool:
        # The order of `can_read_term`: the council's query last.
        return self.board or self.member or self.council

    @cached_property
    def manage(self) -> bool:
        return self.board or self.lead

    @cached_property
    def oversee(self) -> bool:
        return self.manage or self.council

    @cached_property
    def read_results(self) -> bool:
        return can_read_results(self.user, self.term)


def roles_in(user, term: Term) -> TermRoles:
    return TermRoles(user, term)


def get_province_for_board(request, pk: int) -> Province:
    """A province's board pages (overview, default bands): its board staff or a superuser.

    Everyone else signed in gets 404, as for a missing province, like the account pages: a
    province's board work is not something its officers or another province's staff should be
    able to tell apart from nothing (`tests/security/test_other_tenants.py`). Signed out: the
    login page."""
    require_sign_in(request)
    province = get_object_or_404(Province, pk=pk)
    user = request.user
    if is_superuser(user) or user.board_province_id == province.pk:
        return province
    raise Http404


def get_block_for_board(request, pk: int) -> Block:
    """A block's board pages (members, organisation, rotation): board staff of its province or
    a superuser. Everyone else signed in gets 404, the rule of every province board page
    (`get_province_for_board`); signed out: the login page."""
    require_sign_in(request)
    block = get_object_or_404(Block.objects.select_related("province"), pk=pk)
    if not is_board_for(request.user, block):
        raise Http404
    return block


def _council_seats():
    """The council seats (user, block): the rows behind `User.council_blocks`."""
    return get_user_model().council_blocks.through.objects


def _term_queryset():
    return Term.objects.select_related("block__province", "leader", "deputy")


# The block-year of a URL with its block, province, leader and deputy: the first read of every
# block-year page, compiled once (emulation.prepared). (block, year) is unique.
_TERM_BY_YEAR = PreparedQuery(
    lambda block, year: _term_queryset().filter(block_id=block, year=year).order_by(),
    block=int,
    year=int,
)


# The same read for a signed-in officer of a unit, with whether the unit is a member of the
# block during the year (`is_member_of_term`'s question) and whether the person sits on the
# block's council (`is_council_for`'s), answered in the same statement instead of a query each
# on every block-year page a member opens (the tabs ask whether the person oversees the year).
_TERM_BY_YEAR_FOR_UNIT = PreparedQuery(
    lambda block, year, unit, user, start, end: (
        _term_queryset()
        .filter(block_id=block, year=year)
        .annotate(**member_and_council("block_id", unit=unit, user=user, start=start, end=end))
        .order_by()
    ),
    block=int,
    year=int,
    unit=int,
    user=int,
    start=datetime.date,
    end=datetime.date,
)


def _term_or_404(block_pk: int, year: int, user=None) -> Term:
    """The block-year of a URL; for a signed-in officer of a unit, its membership and council
    answers are read with it and kept where the access rules look first."""
    officer = officer_parameters(user, year)
    if officer is None:
        term = _TERM_BY_YEAR.first(block=block_pk, year=year)
    else:
        term = _TERM_BY_YEAR_FOR_UNIT.first(block=block_pk, year=year, **officer)
    if term is None:
        raise Http404
    if officer is not None:
        remember_answers(user, term, term)
    return term


def officer_parameters(user, year: int) -> dict | None:
    """The parameters of `member_and_council` for a signed-in officer of a unit in `year`
    (`unit`, `user`, `start`, `end`); None for anyone else (signed out, board staff)."""
    if user is None or not user.is_authenticated or not user.unit_id:
        return None
    start, end = _year_span(year)
    return {"unit": user.unit_id, "user": user.pk, "start": start, "end": end}


def member_and_council(block: str, *, unit, user, start, end) -> dict:
    """The two annotations a unit officer's reads carry (`_TERM_BY_YEAR_FOR_UNIT`, and a
    sheet's with its year in `scoring.access`): whether the unit is a member of the block at
    some point of the year, whether the person sits on the block's council. `block` is the
    path to the block's id from the queryset's model; the values are the query's parameters
    (`officer_parameters`)."""
    return {
        "unit_is_member": Exists(
            Membership.objects.between(start, end).filter(block_id=OuterRef(block), unit_id=unit)
        ),
        "user_is_council": Exists(_council_seats().filter(block_id=OuterRef(block), user_id=user)),
    }


def remember_answers(user, term: Term, row) -> None:
    """Keep the answers a read with `member_and_council` carries (`row`: the term itself, or
    the sheet read with it) where `is_member_of_term` and `is_council_for` look first: the
    request asks neither again."""
    setattr(user, _member_key(term), bool(row.unit_is_member))
    known = getattr(user, "_council_by_block", None)
    if known is None:
        known = user._council_by_block = {}
    known[term.block_id] = bool(row.user_is_council)


def get_block(request, pk: int) -> Block:
    """Blocks, their members and their leaders are public information."""
    return get_object_or_404(Block.objects.select_related("province"), pk=pk)


def get_unit(request, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("province"), pk=pk)


def get_term_for_reader(request, block_pk: int, year: int) -> Term:
    """A block-year's results: public once published; members once shared as provisional;
    before that leader, deputy, board and council. Other members get 403, outsiders 404,
    signed-out people the login page."""
    term = _term_or_404(block_pk, year, request.user)
    if can_read_results(request.user, term):
        return term
    require_sign_in(request)
    if can_read_term(request.user, term):
        raise PermissionDenied(
            _("The leader unit has not shared this year's results with the members yet.")
        )
    raise Http404


def get_term_for_member(request, block_pk: int, year: int) -> Term:
    """Insider pages of a block-year (unpublished work in progress): 404 for everyone else
    (the login page for signed-out people)."""
    require_sign_in(request)
    term = _term_or_404(block_pk, year, request.user)
    if not can_read_term(request.user, term):
        raise Http404
    return term


def get_term_for_manager(request, block_pk: int, year: int) -> Term:
    """Leader-unit or board actions: 404 for outsiders, 403 for members without the right."""
    term = get_term_for_member(request, block_pk, year)
    if not can_manage_term(request.user, term):
        raise PermissionDenied
    return term


def get_term_for_delegator(request, block_pk: int, year: int) -> Term:
    """Granting or revoking the acting deputy: the leader unit or the board. An acting deputy
    cannot extend its own delegation: 403, like other members; outsiders 404."""
    term = get_term_for_member(request, block_pk, year)
    if not can_delegate(request.user, term):
        raise PermissionDenied
    return term


def get_term_for_board(request, block_pk: int, year: int) -> Term:
    """Board-only actions (approval, publication): 404 for outsiders, 403 for members."""
    term = get_term_for_member(request, block_pk, year)
    if not is_board_for(request.user, term.block):
        raise PermissionDenied
    return term
