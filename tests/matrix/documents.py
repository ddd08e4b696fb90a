"""Rows for the documents app's own page: the header of a block-year's documents.

The downloads' rows stay in `results.py`, next to the pages whose table they print."""

from tests.matrix import LOGIN, Row, to


def _term(w):
    return [w.block.pk, w.term.year]


def _published(w):
    return [w.block.pk, w.published_term.year]


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


def _header_data(w) -> dict:
    return {
        "number_symbol": "/KQ-TEST",
        "recipients": "Các đơn vị thành viên;\nLưu: VT.",
        "signer_authority": "",
        "signer_position": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
    }


ROWS = [
    Row("documents:header", args=_term, expect=_manager(200)),
    Row("documents:header", args=_published, expect=_manager(200), label="published"),
    Row(
        "documents:header",
        args=_term,
        method="post",
        data=_header_data,
        expect=_manager(to("documents:header", _term)),
    ),
    # A published year: the form answers with the refusal on it (200), nothing is written.
    Row(
        "documents:header",
        args=_published,
        method="post",
        data=_header_data,
        expect=_manager(200),
        label="published",
    ),
]
