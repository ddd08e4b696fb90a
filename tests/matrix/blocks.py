"""Rows for the blocks app: the board's province and block pages, a year's leadership.

Board pages answer board staff of the province and superusers; everyone else signed in gets
404, as for a missing province or block (the rule of every province board page); signed out:
the login page. Board staff of another province: tests/blocks/test_views.py.
"""

import datetime

from tests.matrix import LOGIN, Row, everyone, to


def board_only(success) -> dict:
    return {**everyone(404), "anonymous": LOGIN, "board": success, "superuser": success}


INSIDERS = {**everyone(200), "anonymous": LOGIN, "outsider": 404}


def delegators(success) -> dict:
    """Granting or revoking the acting deputy: the leader unit or the board."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": 403,
        "deputy": 403,
        "council": 403,
        "leader": success,
        "board": success,
        "superuser": success,
    }


def _province(w):
    return [w.province.pk]


def _block(w):
    return [w.block.pk]


def _term(w):
    return [w.block.pk, w.term.year]


def _membership(w):
    return [w.block.pk, w.block.memberships.get(unit=w.member_unit).pk]


def _delegation(w):
    from blocks.models import Delegation

    delegation = Delegation.objects.filter(term=w.term).first() or Delegation.objects.create(
        term=w.term,
        deputy=w.deputy_unit,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2099, 12, 31),
        source=Delegation.Source.LEADER,
        reason="Khối trưởng đi công tác",
        created_by=w.users["leader"],
    )
    return [w.block.pk, w.term.year, delegation.pk]


def _new_block(w):
    from blocks.models import Block

    return [Block.objects.get(name="Khối mới").pk]


MANAGE = to("blocks:block_manage", _block)
LEADERSHIP = to("blocks:term_leadership", _term)
PROVINCE_BLOCKS = to("blocks:province_blocks", _province)

ROWS = [
    Row("blocks:province_blocks", args=_province, expect=board_only(200)),
    Row(
        "blocks:province_blocks",
        args=lambda w: [999999],
        expect={**everyone(404), "anonymous": LOGIN},
        label="missing",
    ),
    Row("blocks:block_create", args=_province, expect=board_only(200)),
    Row(
        "blocks:block_create",
        args=_province,
        method="post",
        data=lambda w: {"name": "Khối mới", "kind": "khoi", "rotation_policy": "election"},
        expect=board_only(to("blocks:block_manage", _new_block)),
    ),
    Row("blocks:unit_create", args=_province, expect=board_only(200)),
    Row(
        "blocks:unit_create",
        args=_province,
        method="post",
        data=lambda w: {"name": "Sở Mới", "kind": "department"},
        expect=board_only(PROVINCE_BLOCKS),
    ),
    Row("blocks:unit_reorganise", args=_province, expect=board_only(200)),
    Row(
        "blocks:unit_reorganise",
        args=_province,
        method="post",
        data=lambda w: {
            "kind": "rename",
            "predecessors": [w.outsider_unit.pk],
            "successor_names": "Sở Đổi Tên",
            "effective_on": "01/07/2025",
        },
        expect=board_only(PROVINCE_BLOCKS),
    ),
    Row("blocks:block_manage", args=_block, expect=board_only(200)),
    Row(
        "blocks:block_manage",
        args=_block,
        query="on=01/01/2024",
        expect=board_only(200),
        label="on a date",
    ),
    Row(
        "blocks:block_manage",
        args=lambda w: [999999],
        expect={**everyone(404), "anonymous": LOGIN},
        label="missing",
    ),
    Row("blocks:block_edit", args=_block, expect=board_only(200)),
    Row(
        "blocks:block_edit",
        args=_block,
        method="post",
        data=lambda w: {"name": "Khối A1", "kind": "khoi", "rotation_policy": "ordered"},
        expect=board_only(MANAGE),
    ),
    Row(
        "blocks:block_archive",
        args=_block,
        method="post",
        data=lambda w: {"archived": "1"},
        expect=board_only(MANAGE),
    ),
    Row("blocks:membership_add", args=_block, expect=board_only(200)),
    Row(
        "blocks:membership_add",
        args=lambda w: [w.other_block.pk],
        method="post",
        data=lambda w: {"unit": w.member_unit.pk, "valid_from": "01/01/2025"},
        expect=board_only(to("blocks:block_manage", lambda w: [w.other_block.pk])),
    ),
    Row("blocks:membership_end", args=_membership, expect=board_only(200)),
    Row(
        "blocks:membership_end",
        args=_membership,
        method="post",
        data=lambda w: {"valid_to": "31/12/2025"},
        expect=board_only(MANAGE),
    ),
    Row("blocks:rotation_order", args=_block, expect=board_only(200)),
    Row("blocks:term_leadership", args=_term, expect=INSIDERS),
    Row("blocks:delegation_create", args=_term, expect=delegators(200)),
    Row(
        "blocks:delegation_create",
        args=_term,
        method="post",
        data=lambda w: {
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2099",
            "reason": "Khối trưởng đi công tác",
        },
        expect=delegators(LEADERSHIP),
    ),
    Row(
        "blocks:delegation_revoke",
        args=_delegation,
        method="post",
        data=lambda w: {"reason": "Khối trưởng đã trở lại"},
        expect=delegators(LEADERSHIP),
    ),
    Row(
        "blocks:term_cutoff",
        args=_term,
        expect={**delegators(200), "leader": 403},
    ),
    Row(
        "blocks:term_cutoff",
        args=_term,
        method="post",
        data=lambda w: {"membership_cutoff": "30/06/2025"},
        expect={**delegators(LEADERSHIP), "leader": 403},
    ),
]
