"""Ballots through the services: each method, thresholds on both bases, the frozen electorate,
one vote per unit, paper double entry, sealed results, ties and new rounds, closing time."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from blocks.models import Membership, Term
from conference import services
from conference.models import Ballot, BallotOption, Cast, Elector, PaperTally
from conference.services import compute_result, passes
from tests.factories import MembershipFactory, UserFactory, make_scored_term

pytestmark = pytest.mark.django_db


def _refused(code: str, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    codes = (
        {e.code for e in caught.value.error_list}
        if not hasattr(caught.value, "error_dict")
        else {e.code for errors in caught.value.error_dict.values() for e in errors}
    )
    assert code in codes, codes
    return caught.value


# --- Each method -----------------------------------------------------------------------------


def test_secret_ballot_counts_votes_and_carries(conf):
    ballot = conf.opened()
    assert ballot.electorate_size == 4
    conf.vote(ballot, conf.units[0], "yes")
    conf.vote(ballot, conf.units[1], "yes")
    conf.vote(ballot, conf.units[2], "no")
    closed = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert closed.status == Ballot.Status.CLOSED
    assert closed.votes_cast == 3
    assert closed.base_size == 4
    # 2 of 4 is not more than half
    assert closed.outcome == Ballot.Outcome.NOT_CARRIED
    assert {o.kind: o.votes for o in closed.options.all()} == {"yes": 2, "no": 1, "abstain": 0}
    assert not Cast.objects.filter(option__isnull=False).exists()


def test_named_ballot_keeps_each_units_choice(conf):
    ballot = conf.opened(method=Ballot.Method.NAMED)
    conf.vote(ballot, conf.units[0], "yes")
    conf.vote(ballot, conf.units[1], "no")
    choices = {c.elector.unit_id: c.option.kind for c in Cast.objects.select_related("option")}
    assert choices == {conf.units[0].pk: "yes", conf.units[1].pk: "no"}


def test_show_of_hands_uses_the_secretarys_counts(conf):
    ballot = conf.opened(method=Ballot.Method.HANDS)
    _refused("no_counts", services.close_ballot, ballot=ballot, actor=conf.runner)
    _refused(
        "not_online",
        services.cast_vote,
        ballot=ballot,
        actor=conf.officers[conf.units[0].pk],
        option=conf.option(ballot),
    )
    counts = {conf.option(ballot, k).pk: n for k, n in (("yes", 3), ("no", 1), ("abstain", 0))}
    services.record_counts(ballot=ballot, actor=conf.runner, counts=counts)
    closed = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert (closed.outcome, closed.votes_cast) == (Ballot.Outcome.CARRIED, 4)


def test_show_of_hands_refuses_more_votes_than_electors(conf):
    ballot = conf.opened(method=Ballot.Method.HANDS)
    counts = {o.pk: 2 for o in ballot.options.all()}  # 6 hands for 4 units
    _refused(
        "too_many_votes", services.record_counts, ballot=ballot, actor=conf.runner, counts=counts
    )
    assert set(ballot.options.values_list("votes", flat=True)) == {0}


def _paper(conf, ballot, user, yes, no, abstain=0, invalid=0):
    counts = {conf.option(ballot, "yes").pk: yes, conf.option(ballot, "no").pk: no}
    counts[conf.option(ballot, "abstain").pk] = abstain
    return services.enter_tally(ballot=ballot, actor=user, counts=counts, invalid=invalid)


def test_paper_tally_is_accepted_when_two_people_agree(conf):
    ballot = conf.opened(method=Ballot.Method.PAPER)
    secretary, teller = conf.runner, conf.world.users["board"]
    first = _paper(conf, ballot, secretary, 3, 1)
    assert not first.accepted
    # The same person twice is not a second count.
    again = _paper(conf, ballot, secretary, 3, 1)
    assert not again.accepted
    _refused("no_tally", services.close_ballot, ballot=ballot, actor=conf.runner)
    # A mismatch is kept and shown; nothing is accepted.
    mismatch = _paper(conf, ballot, teller, 2, 2)
    assert not mismatch.accepted
    ballot.refresh_from_db()
    assert ballot.counted_at is None
    # A new entry that matches the other person's count settles it.
    settled = _paper(conf, ballot, teller, 3, 1)
    assert settled.accepted
    assert PaperTally.objects.filter(ballot=ballot, accepted=True).count() == 2
    _refused("already_counted", _paper, conf, ballot, teller, 3, 1)
    closed = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert (closed.outcome, closed.votes_cast) == (Ballot.Outcome.CARRIED, 4)


def test_paper_tally_compares_invalid_papers_too(conf):
    ballot = conf.opened(method=Ballot.Method.PAPER)
    _paper(conf, ballot, conf.runner, 2, 1, invalid=1)
    assert not _paper(conf, ballot, conf.world.users["board"], 2, 1, invalid=0).accepted
    assert _paper(conf, ballot, conf.world.users["board"], 2, 1, invalid=1).accepted
    closed = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert (closed.votes_cast, closed.invalid_votes) == (4, 1)


# --- Thresholds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "votes, base, threshold, carried",
    [
        (4, 8, "half", False),
        (5, 8, "half", True),
        (3, 6, "half", False),
        (4, 6, "half", True),
        (5, 8, "two_thirds", False),
        (6, 9, "two_thirds", True),
        (0, 0, "half", False),
    ],
)
def test_threshold_boundaries(votes, base, threshold, carried):
    assert passes(votes, base, threshold) is carried


@pytest.fixture
def eight(world):
    """A block of 8 members (the seed block's size), run by board staff."""
    term = make_scored_term(units=8, criteria=1, year=2024)
    return term, world.users["board"]


def _hands(term, actor, *, yes, base, present=8):
    meeting = services.create_meeting(
        term=term,
        actor=actor,
        held_on=datetime.date(2025, 1, 22),
        place="P",
        chair_name="C",
        secretary_name="S",
    )
    units = [m.unit for m in Membership.objects.filter(block=term.block).select_related("unit")]
    services.record_attendance(
        meeting=meeting, actor=actor, rows=[(u, i < present, "") for i, u in enumerate(units)]
    )
    ballot = services.create_ballot(
        meeting=meeting, actor=actor, subject="motion", title="T", method="hands", base=base
    )
    ballot = services.open_ballot(ballot=ballot, actor=actor)
    counts = {o.pk: (yes if o.kind == "yes" else 0) for o in ballot.options.all()}
    services.record_counts(ballot=ballot, actor=actor, counts=counts)
    return services.close_ballot(ballot=ballot, actor=actor)


@pytest.mark.parametrize("yes, outcome", [(4, "not_carried"), (5, "carried")])
def test_all_members_base_at_the_boundary(eight, yes, outcome):
    ballot = _hands(*eight, yes=yes, base=Ballot.Base.ALL, present=6)
    assert (ballot.base_size, ballot.outcome) == (8, outcome)


@pytest.mark.parametrize("yes, outcome", [(3, "not_carried"), (4, "carried")])
def test_present_base_at_the_boundary(eight, yes, outcome):
    ballot = _hands(*eight, yes=yes, base=Ballot.Base.PRESENT, present=6)
    assert (ballot.base_size, ballot.outcome) == (6, outcome)


def test_present_base_needs_the_attendance(conf):
    ballot = conf.ballot(base=Ballot.Base.PRESENT)
    _refused("no_attendance", services.open_ballot, ballot=ballot, actor=conf.runner)
    assert Elector.objects.count() == 0
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT


# --- One vote per unit, frozen electorate ----------------------------------------------------


def test_a_second_vote_is_refused_and_nothing_is_written(conf):
    ballot = conf.opened()
    conf.vote(ballot, conf.units[2], "yes")
    colleague = UserFactory(username="colleague", unit=conf.units[2])
    _refused(
        "already_voted",
        services.cast_vote,
        ballot=ballot,
        actor=colleague,
        option=conf.option(ballot, "no"),
    )
    assert Cast.objects.count() == 1
    assert {o.kind: o.votes for o in ballot.options.all()} == {"yes": 1, "no": 0, "abstain": 0}


def test_the_electorate_is_frozen_when_the_ballot_opens(conf):
    ballot = conf.opened()
    late = MembershipFactory(
        block=conf.world.block,
        unit__province=conf.world.province,
        valid_from=datetime.date(2025, 1, 1),
    ).unit
    officer = UserFactory(username="latecomer", unit=late)
    assert Elector.objects.filter(ballot=ballot).count() == 4
    _refused(
        "not_elector", services.cast_vote, ballot=ballot, actor=officer, option=conf.option(ballot)
    )
    assert not Cast.objects.exists()
    # The next ballot, opened after the unit joined, includes it.
    second = conf.opened(title="Câu hỏi thứ hai")
    assert second.electorate_size == 5


def test_outsiders_and_board_staff_have_no_vote(conf):
    ballot = conf.opened()
    for user in (conf.world.users["outsider"], conf.world.users["board"]):
        _refused(
            "not_elector", services.cast_vote, ballot=ballot, actor=user, option=conf.option(ballot)
        )


def test_a_draft_ballot_takes_no_vote(conf):
    ballot = conf.ballot()
    _refused("not_open", conf.vote, ballot, conf.units[0])


# --- Sealed after closing --------------------------------------------------------------------


def test_results_are_immutable_after_close(conf):
    ballot = conf.opened()
    conf.vote(ballot, conf.units[0], "yes")
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    _refused("ballot_closed", conf.vote, ballot, conf.units[1], "yes")
    _refused("ballot_closed", services.close_ballot, ballot=ballot, actor=conf.runner)
    _refused("ballot_closed", services.open_ballot, ballot=ballot, actor=conf.runner)
    # Every other path too: the model, the queryset, the electorate, the casts.
    ballot.outcome = Ballot.Outcome.CARRIED
    _refused("ballot_closed", ballot.save)
    _refused("ballot_closed", BallotOption.objects.filter(ballot=ballot).update, votes=9)
    option = ballot.options.get(kind="yes")
    option.votes = 9
    _refused("ballot_closed", option.save)
    _refused("ballot_closed", Elector.objects.filter(ballot=ballot).delete)
    _refused("ballot_closed", Cast.objects.filter(elector__ballot=ballot).delete)
    ballot.refresh_from_db()
    assert ballot.outcome == Ballot.Outcome.NOT_CARRIED
    assert ballot.options.get(kind="yes").votes == 1


def test_closing_is_audited_with_the_counts_never_a_choice(conf):
    from audit.models import AuditEntry

    ballot = conf.opened()
    conf.vote(ballot, conf.units[0], "yes")
    services.close_ballot(ballot=ballot, actor=conf.runner)
    closed = AuditEntry.objects.get(action="conference.ballot.closed")
    assert sorted(closed.after["counts"].values()) == [0, 0, 1]
    vote = AuditEntry.objects.get(action="conference.vote.cast")
    assert "choice" not in vote.after
    assert vote.term_id == conf.meeting.term_id


# --- Elections, ties, rounds, outcomes -------------------------------------------------------


def test_a_carried_election_sets_next_years_leader(conf):
    w = conf.world
    new_leader = conf.units[2]
    ballot = conf.opened(
        subject=Ballot.Subject.LEADER, title="Bầu Khối trưởng 2025", candidates=[new_leader]
    )
    for unit in conf.units[:3]:
        conf.vote(ballot, unit, candidate=new_leader)
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert (ballot.outcome, ballot.winner) == (Ballot.Outcome.CARRIED, new_leader)
    w.term.refresh_from_db()
    assert w.term.leader == new_leader
    assert w.term.deputy == w.deputy_unit


def test_electing_the_deputy_as_leader_empties_the_deputy_seat(conf):
    w = conf.world
    ballot = conf.opened(subject="leader", title="Bầu Khối trưởng", candidates=[w.deputy_unit])
    for unit in conf.units:
        conf.vote(ballot, unit, candidate=w.deputy_unit)
    services.close_ballot(ballot=ballot, actor=conf.runner)
    w.term.refresh_from_db()
    assert (w.term.leader, w.term.deputy) == (w.deputy_unit, None)
    # then the deputy: next year's leader cannot be a candidate
    _refused(
        "leader_is_deputy",
        conf.ballot,
        subject="deputy",
        title="Bầu Khối phó",
        candidates=[w.deputy_unit],
    )
    deputy = conf.opened(subject="deputy", title="Bầu Khối phó", candidates=[w.member_unit])
    for unit in conf.units:
        conf.vote(deputy, unit, candidate=w.member_unit)
    services.close_ballot(ballot=deputy, actor=conf.runner)
    w.term.refresh_from_db()
    assert w.term.deputy == w.member_unit


def test_an_election_creates_next_year_when_missing(world):
    from conference.models import Meeting

    term = make_scored_term(units=3, criteria=1, year=2030)
    board = world.users["board"]
    board.board_province = term.block.province
    board.save()
    meeting = services.create_meeting(
        term=term,
        actor=board,
        held_on=datetime.date(2031, 1, 20),
        place="P",
        chair_name="C",
        secretary_name="S",
    )
    assert meeting.next_term is None
    units = [m.unit for m in term.block.memberships.select_related("unit").order_by("pk")]
    ballot = services.create_ballot(
        meeting=meeting,
        actor=board,
        subject="leader",
        title="Bầu",
        method="hands",
        candidates=[units[2]],
    )
    ballot = services.open_ballot(ballot=ballot, actor=board)
    counts = {o.pk: (3 if o.unit_id == units[2].pk else 0) for o in ballot.options.all()}
    services.record_counts(ballot=ballot, actor=board, counts=counts)
    services.close_ballot(ballot=ballot, actor=board)
    nxt = Term.objects.get(block=term.block, year=2031)
    assert nxt.leader == units[2]
    assert Meeting.objects.get(pk=meeting.pk).next_term == nxt


def test_a_deputy_ballot_needs_next_year(world):
    term = make_scored_term(units=3, criteria=1, year=2030)
    board = world.users["superuser"]
    meeting = services.create_meeting(
        term=term,
        actor=board,
        held_on=datetime.date(2031, 1, 20),
        place="P",
        chair_name="C",
        secretary_name="S",
    )
    unit = term.block.memberships.first().unit
    ballot = services.create_ballot(
        meeting=meeting,
        actor=board,
        subject="deputy",
        title="Bầu Khối phó",
        method="secret",
        candidates=[unit],
    )
    _refused("no_next_year", services.open_ballot, ballot=ballot, actor=board)
    # next year prepared after the meeting was created ("Prepare year N+1"): linked on opening
    members = [m.unit for m in term.block.memberships.select_related("unit").order_by("pk")]
    next_year = Term.objects.create(block=term.block, year=2031, leader=members[1])
    services.open_ballot(ballot=ballot, actor=board)
    meeting.refresh_from_db()
    assert meeting.next_term == next_year


def test_a_tie_is_recorded_and_goes_to_a_new_round(conf):
    a, b = conf.units[2], conf.units[3]
    ballot = conf.opened(subject="leader", title="Bầu Khối trưởng", candidates=[a, b])
    conf.vote(ballot, conf.units[0], candidate=a)
    conf.vote(ballot, conf.units[1], candidate=b)
    conf.vote(ballot, conf.units[2], candidate=a)
    conf.vote(ballot, conf.units[3], candidate=b)
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert (ballot.outcome, ballot.winner) == (Ballot.Outcome.TIE, None)
    conf.world.term.refresh_from_db()
    assert conf.world.term.leader == conf.world.leader_unit  # nothing decided
    second = services.open_new_round(ballot=ballot, actor=conf.runner)
    assert (second.round, second.previous_round, second.status) == (2, ballot, "draft")
    assert {o.unit for o in second.options.all() if o.unit_id} == {a, b}
    _refused("round_exists", services.open_new_round, ballot=ballot, actor=conf.runner)


def test_only_a_tie_goes_to_a_new_round(conf):
    ballot = conf.opened()
    conf.vote(ballot, conf.units[0])
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    _refused("no_tie", services.open_new_round, ballot=ballot, actor=conf.runner)


def test_compute_result_without_queries(django_assert_num_queries, conf):
    ballot = conf.opened(subject="leader", title="B", candidates=conf.units[2:4])
    options = list(ballot.options.select_related("unit"))
    for option, votes in zip(options, (1, 3, 0), strict=True):
        option.votes = votes
    with django_assert_num_queries(0):
        result = compute_result(ballot, options, 4)
    assert (result["outcome"], result["winner"]) == ("carried", conf.units[3])


@pytest.fixture
def proposal(conf):
    from awards.models import AwardProposal
    from campaigns.models import AwardType

    award, _ = AwardType.objects.get_or_create(
        code="bang-khen-test", defaults={"name": "Bằng khen", "level": "provincial"}
    )
    return AwardProposal.objects.create(
        term=conf.meeting.term, unit=conf.units[1], award_type=award
    )


@pytest.mark.parametrize("yes, status", [(3, "voted"), (2, "not_carried")])
def test_an_award_ballot_moves_its_proposal(conf, proposal, yes, status):
    ballot = conf.opened(subject="award", title="Đề nghị Bằng khen", proposal=proposal)
    for unit in conf.units[:yes]:
        conf.vote(ballot, unit, "yes")
    services.close_ballot(ballot=ballot, actor=conf.runner)
    proposal.refresh_from_db()
    assert proposal.status == status
    # the ballot's figures are the vote behind the proposal, as its pages and the tờ trình say
    from awards.selectors import vote_summary

    summary = vote_summary(proposal)
    assert f"{yes} " in summary and conf.meeting.held_on.strftime("%d/%m/%Y") in summary


def test_an_award_ballot_needs_a_proposal_of_the_year(conf, proposal):
    _refused("no_proposal", conf.ballot, subject="award", title="X")
    _refused("proposal_not_allowed", conf.ballot, subject="motion", title="X", proposal=proposal)


# --- Closing time ----------------------------------------------------------------------------


def test_only_online_ballots_close_by_themselves(conf):
    at = datetime.datetime(2025, 1, 22, 11, tzinfo=datetime.UTC)
    _refused("closing_time_online_only", conf.ballot, method="hands", closes_at=at)


def test_a_ballot_closes_at_its_time_on_read_and_by_command(conf, clients):
    at = datetime.datetime(2025, 1, 22, 11, tzinfo=datetime.UTC)
    with time_machine.travel(at - datetime.timedelta(hours=1), tick=False):
        first = conf.opened(closes_at=at)
        second = conf.opened(title="Câu hỏi khác", closes_at=at)
        conf.vote(first, conf.units[0])
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        w = conf.world
        url = f"/blocks/{w.block.pk}/{w.published_term.year}/conference/{conf.meeting.pk}/"
        assert clients["member"].get(url).status_code == 200
        first.refresh_from_db()
        assert first.status == Ballot.Status.CLOSED
        assert first.closed_by is None
    second.refresh_from_db()
    assert second.status == Ballot.Status.CLOSED  # the page closes every due ballot of it
    with time_machine.travel(at + datetime.timedelta(days=1), tick=False):
        third = conf.opened(title="Câu hỏi thứ ba", closes_at=at + datetime.timedelta(days=2))
    with time_machine.travel(at + datetime.timedelta(days=3), tick=False):
        out = io.StringIO()
        call_command("close_due_ballots", stdout=out)
    third.refresh_from_db()
    assert third.status == Ballot.Status.CLOSED
    assert "1" in out.getvalue()


def test_a_closing_time_in_the_past_is_refused(conf):
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    _refused("closing_time_past", conf.ballot, closes_at=past)
