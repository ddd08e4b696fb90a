"""Rows for the awards app: the block-year's proposals and the leader unit's actions on them,
the board's province queue and its actions, the public signed decision, and the tờ trình
(served by the documents app)."""

from tests.matrix import LOGIN, Row, everyone, to

INSIDERS = {**everyone(200), "anonymous": LOGIN, "outsider": 404}


def _manager(ok) -> dict:
    """The leader unit and the board; 404 for outsiders, 403 for members without the right."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": 403,
        "deputy": 403,
        "council": 403,
        "leader": ok,
        "board": ok,
        "superuser": ok,
    }


def _board(ok) -> dict:
    """A province's board pages: its staff and superusers; every other signed-in person 404."""
    return {**everyone(404), "anonymous": LOGIN, "board": ok, "superuser": ok}


def _published(w):
    return [w.block.pk, w.published_term.year]


def _term(w):
    return [w.block.pk, w.term.year]


def _latest(w) -> str:
    from awards.models import AwardProposal

    return f"proposal-{AwardProposal.objects.latest('pk').pk}"


def _propose_data(w) -> dict:
    from tests.awards.helpers import CERTIFICATE, award

    return {
        "unit": w.member_unit.pk,
        "award_type": award(CERTIFICATE).pk,
        "justification": "Hoàn thành xuất sắc nhiệm vụ.",
    }


def _flag_to_a_member(w) -> dict:
    """Refused by the rules (the provincial flag is the leading unit's): the form again."""
    from tests.awards.helpers import PROVINCIAL_FLAG, award

    return {"unit": w.member_unit.pk, "award_type": award(PROVINCIAL_FLAG).pk}


def _proposed(w):
    from tests.awards.helpers import proposed

    return [*_published(w), proposed(w).pk]


def _voted(w):
    from tests.awards.helpers import voted

    voted(w)
    return _published(w)


def _submitted(w):
    from tests.awards.helpers import submitted

    return [w.province.pk, submitted(w).pk]


def _decide_data(w) -> dict:
    """Called once per request (the robustness test posts several times): the approved
    proposal is made the first time and found afterwards."""
    from awards.models import AwardProposal
    from tests.awards.helpers import approved, pdf_upload

    ready = AwardProposal.objects.filter(
        term=w.published_term, status=AwardProposal.Status.APPROVED
    ).first()
    return {
        "proposals": [(ready or approved(w)).pk],
        "decision_number": "15/QĐ-UBND",
        "decision_date": "01/03/2025",
        "signed_file": pdf_upload(),
    }


def _decided(w):
    from tests.awards.helpers import decided

    return [decided(w).pk]


TERM_PAGE = to("awards:term", _published)
TERM_ROW = to("awards:term", _published, anchor=_latest)
QUEUE = to("awards:province_queue", lambda w: [w.province.pk])

ROWS = [
    Row("awards:term", args=_published, expect=INSIDERS),
    Row("awards:term", args=_term, expect=INSIDERS, label="not published"),
    Row(
        "awards:propose",
        args=_published,
        method="post",
        data=_propose_data,
        expect=_manager(TERM_ROW),
    ),
    Row(
        "awards:propose",
        args=_published,
        method="post",
        data=_flag_to_a_member,
        expect=_manager(200),
        label="refused",
    ),
    Row(
        "awards:vote",
        args=_proposed,
        method="post",
        data=lambda w: {"carried": "yes", "note": "Biểu quyết tại hội nghị ngày 22/01/2025"},
        expect=_manager(TERM_ROW),
    ),
    Row(
        "awards:withdraw",
        args=_proposed,
        method="post",
        data=lambda w: {"reason": "Đơn vị xin rút."},
        expect=_manager(TERM_ROW),
    ),
    Row("awards:submit", args=_voted, method="post", expect=_manager(TERM_PAGE)),
    Row("awards:province_queue", args=lambda w: [w.province.pk], expect=_board(200)),
    Row(
        "awards:share",
        args=lambda w: [w.province.pk],
        method="post",
        data=lambda w: {"government_flag_share": "25"},
        expect=_board(QUEUE),
    ),
    Row(
        "awards:review",
        args=_submitted,
        method="post",
        data=lambda w: {"outcome": "approve"},
        expect=_board(QUEUE),
    ),
    Row(
        "awards:decide",
        args=lambda w: [w.province.pk],
        method="post",
        data=_decide_data,
        expect=_board(QUEUE),
    ),
    Row("awards:decision_file", args=_decided, expect=everyone(200)),
    Row("documents:award_letter_pdf", args=_published, expect=INSIDERS),
    Row("documents:award_letter_docx", args=_published, expect=INSIDERS),
]
