"""Rows for the conference (and its minutes): insiders read, the leader unit or the board runs
the meeting and its ballots, member units vote, outsiders 404, signed-out people log in.

The conference of the world's published year (2024, opening 2025) is built on first use by
`_conf(w)`: the meeting, a draft ballot, an open secret ballot, an open show of hands and an
open paper ballot.
"""

from types import SimpleNamespace

from tests.matrix import LOGIN, Row, everyone, to

READ = {**everyone(200), "anonymous": LOGIN, "outsider": 404}
RUN = {**READ, "member": 403, "deputy": 403, "council": 403}


def _conf(w):
    if getattr(w, "_conference", None) is None:
        from tests.conference.conftest import make_conf

        conf = make_conf(w)

        def opened(**kwargs):
            return conf.opened(title=kwargs.pop("title", "Biểu quyết"), **kwargs)

        w._conference = SimpleNamespace(
            meeting=conf.meeting,
            draft=conf.ballot(title="Chưa mở"),
            secret=opened(),
            hands=opened(method="hands"),
            paper=opened(method="paper"),
        )
    return w._conference


def _term(w) -> list:
    return [w.block.pk, w.published_term.year]


def _meeting(w) -> list:
    return [*_term(w), _conf(w).meeting.pk]


def _ballot(name):
    return lambda w: [*_meeting(w), getattr(_conf(w), name).pk]


def _latest(model_name: str):
    def args(w) -> list:
        from conference import models

        latest = getattr(models, model_name).objects.latest("pk")
        if model_name == "Meeting":
            return [*_term(w), latest.pk]
        return [*_meeting(w), latest.pk]

    return args


def _counts(name, **extra):
    def data(w) -> dict:
        ballot = getattr(_conf(w), name)
        return {**{f"option_{o.pk}": 1 for o in ballot.options.all()}, **extra}

    return data


def _meeting_data(**extra):
    def data(w) -> dict:
        return {
            "kind": "year_end",
            "held_on": "22/01/2025",
            "starts_at": "08:00",
            "place": "Hội trường",
            "chair_name": "Nguyễn Văn Chủ",
            "chair_title": "",
            "secretary_name": "Trần Thị Thư",
            "secretary_title": "",
            "agenda": "",
            "observers": "",
            "minutes_number": "",
            **extra,
        }

    return data


MEETING_PAGE = to("conference:meeting", _meeting)


def _ran_by_runners(target) -> dict:
    return {**RUN, "leader": target, "board": target, "superuser": target}


VOTED = to("conference:ballot", _ballot("secret"))

ROWS = [
    Row("conference:index", args=_term, expect=READ),
    Row("conference:meeting", args=_meeting, expect=READ),
    Row(
        "conference:meeting",
        args=lambda w: [*_term(w), 999999],
        expect={
            **READ,
            "member": 404,
            "deputy": 404,
            "leader": 404,
            "board": 404,
            "council": 404,
            "superuser": 404,
        },
        label="missing",
    ),
    Row("conference:ballot", args=_ballot("secret"), expect=READ),
    Row("documents:minutes_pdf", args=_meeting, expect=READ),
    Row("documents:minutes_docx", args=_meeting, expect=READ),
    # Running the meeting
    Row("conference:meeting_create", args=_term, expect=RUN),
    Row(
        "conference:meeting_create",
        args=_term,
        method="post",
        data=_meeting_data(kind="mid_year"),
        expect=_ran_by_runners(to("conference:meeting", _latest("Meeting"))),
        label="create",
    ),
    Row("conference:meeting_edit", args=_meeting, expect=RUN),
    Row(
        "conference:meeting_edit",
        args=_meeting,
        method="post",
        data=_meeting_data(),
        expect=_ran_by_runners(MEETING_PAGE),
        label="save",
    ),
    Row("conference:attendance", args=_meeting, expect=RUN),
    Row(
        "conference:attendance",
        args=_meeting,
        method="post",
        data=lambda w: {},
        expect=_ran_by_runners(MEETING_PAGE),
        label="save",
    ),
    Row("conference:handover", args=_meeting, expect=RUN),
    Row(
        "conference:handover",
        args=_meeting,
        method="post",
        data=lambda w: {"handed_on": "22/01/2025", "place": "Hội trường", "note": ""},
        expect=_ran_by_runners(MEETING_PAGE),
        label="save",
    ),
    Row("conference:screen", args=_meeting, expect=RUN),
    Row("conference:screen_live", args=_meeting, expect=RUN),
    Row("conference:ballot_create", args=_meeting, expect=RUN),
    Row(
        "conference:ballot_create",
        args=_meeting,
        method="post",
        data=lambda w: {
            "subject": "motion",
            "title": "Thông qua báo cáo",
            "method": "secret",
            "threshold": "half",
            "base": "all",
        },
        expect=_ran_by_runners(to("conference:ballot", _latest("Ballot"))),
        label="create",
    ),
    Row(
        "conference:ballot_open",
        args=_ballot("draft"),
        method="post",
        expect=_ran_by_runners(to("conference:ballot", _ballot("draft"))),
    ),
    Row(
        "conference:ballot_close",
        args=_ballot("secret"),
        method="post",
        expect=_ran_by_runners(VOTED),
    ),
    Row(
        "conference:ballot_counts",
        args=_ballot("hands"),
        method="post",
        data=_counts("hands"),
        expect=_ran_by_runners(to("conference:ballot", _ballot("hands"))),
    ),
    Row(
        "conference:ballot_tally",
        args=_ballot("paper"),
        method="post",
        data=_counts("paper", invalid=0),
        expect=_ran_by_runners(to("conference:ballot", _ballot("paper"))),
    ),
    # Not a tie: refused with a message, back to the ballot.
    Row(
        "conference:ballot_new_round",
        args=_ballot("secret"),
        method="post",
        expect=_ran_by_runners(VOTED),
    ),
    # Voting: an officer of a member unit; board staff, council and superuser have no unit.
    Row(
        "conference:ballot_vote",
        args=_ballot("secret"),
        method="post",
        data=lambda w: {"option": _conf(w).secret.options.get(kind="yes").pk, "confirmed": "1"},
        expect={
            **READ,
            "member": VOTED,
            "deputy": VOTED,
            "leader": VOTED,
            "board": 403,
            "council": 403,
            "superuser": 403,
        },
    ),
]
