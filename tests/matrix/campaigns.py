"""Rows for the year setup (campaigns app), on world.term (2025, scoring, locked scale v1).

Reads: the block's members, its council and the board; 404 for outsiders and anonymous users.
Leader work: the leader unit and the board (403 for other insiders). Approval: the board only.
A unit's own acts (sign the pact, register): officers of member units; 403 for users without
a unit (board, council, superuser). A refused service is a message and a redirect (302).
"""

from tests.campaigns import helpers
from tests.matrix import Row, everyone

HIDDEN = {"anonymous": 404, "outsider": 404}
READ = {**everyone(200), **HIDDEN}
MANAGE = {
    **HIDDEN,
    "member": 403,
    "deputy": 403,
    "council": 403,
    "leader": 200,
    "board": 200,
    "superuser": 200,
}
MANAGE_POST = {**MANAGE, "leader": 302, "board": 302, "superuser": 302}
BOARD_POST = {**MANAGE_POST, "leader": 403}
UNIT_GET = {
    **HIDDEN,
    "member": 200,
    "deputy": 200,
    "leader": 200,
    "board": 403,
    "council": 403,
    "superuser": 403,
}
UNIT_POST = {**UNIT_GET, "member": 302, "deputy": 302, "leader": 302}


def term(w):
    return [w.block.pk, w.term.year]


def line(w):
    return [*term(w), w.term.scales.get().criteria.order_by("order").first().pk]


def campaign(w):
    return [*term(w), helpers.block_campaign(w).pk]


ROWS = [
    # Campaigns
    Row("campaigns:campaign_list", args=term, expect=READ),
    Row(
        "campaigns:campaign_list",
        args=lambda w: [w.block.pk, 1999],
        expect=everyone(404),
        label="missing",
    ),
    Row("campaigns:campaign_create", args=term, expect=MANAGE),
    Row(
        "campaigns:campaign_create",
        args=term,
        method="post",
        data=lambda w: {"level": "block", "kind": "regular", "name": "Phong trào mới"},
        expect=MANAGE_POST,
    ),
    Row("campaigns:campaign_detail", args=campaign, expect=READ),
    Row("campaigns:campaign_edit", args=campaign, expect=MANAGE),
    Row("campaigns:campaign_archive", args=campaign, method="post", expect=MANAGE_POST),
    Row(
        "campaigns:campaign_document_upload",
        args=campaign,
        method="post",
        data=lambda w: {"title": "x"},
        expect={**MANAGE, "leader": 200, "board": 200, "superuser": 200},
    ),
    Row(
        "campaigns:campaign_document_download",
        args=lambda w: [*term(w), helpers.document(w).pk],
        expect=READ,
    ),
    Row(
        "campaigns:adoption_set",
        args=term,
        method="post",
        data=lambda w: {
            "campaign": helpers.outside_campaign(w).pk,
            "unit": w.member_unit.pk,
            "mode": "separate",
        },
        expect={**MANAGE_POST, "member": 302},
    ),
    # Pact
    Row("campaigns:pact_detail", args=term, expect=READ),
    Row("campaigns:pact_edit", args=term, expect=MANAGE),
    Row(
        "campaigns:pact_edit",
        args=term,
        method="post",
        data=lambda w: {"title": "Giao ước 2025", "commitments": "Một"},
        expect=MANAGE_POST,
    ),
    Row(
        "campaigns:pact_sign",
        args=lambda w: (helpers.pact(w), term(w))[1],
        method="post",
        data=lambda w: {"signer_name": "Nguyễn Văn A", "signer_title": "Giám đốc"},
        expect=UNIT_POST,
    ),
    Row(
        "campaigns:pact_document",
        args=lambda w: (helpers.pact(w, with_document=True), term(w))[1],
        expect=READ,
    ),
    # Registrations
    Row("campaigns:registration_list", args=term, expect=READ),
    Row("campaigns:registration_edit", args=term, expect=UNIT_GET),
    Row(
        "campaigns:registration_edit",
        args=term,
        method="post",
        data=lambda w: {"award_types": [helpers.award_type().pk], "targets": "Hoàn thành"},
        expect=UNIT_POST,
    ),
    Row(
        "campaigns:registration_decide",
        args=lambda w: [*term(w), helpers.registration(w).pk],
        method="post",
        data=lambda w: {"decision": "approve"},
        expect=MANAGE_POST,
    ),
    # Scale
    Row("campaigns:scale_editor", args=term, expect=READ),
    Row(
        "campaigns:scale_editor",
        args=term,
        query="version=9",
        expect={
            **READ,
            **dict.fromkeys(["member", "deputy", "leader", "board", "council", "superuser"], 404),
        },
        label="missing",
    ),
    Row("campaigns:scale_create", args=term, method="post", expect=MANAGE_POST),
    Row(
        "campaigns:scale_settings",
        args=term,
        method="post",
        data=lambda w: {"nominal_total": "100"},
        expect=MANAGE_POST,
    ),
    Row("campaigns:scale_line_create", args=term, expect=MANAGE),
    Row("campaigns:scale_line_edit", args=line, expect=MANAGE),
    Row("campaigns:scale_line_delete", args=line, method="post", expect=MANAGE_POST),
    Row(
        "campaigns:scale_line_move",
        args=line,
        method="post",
        data=lambda w: {"direction": "down"},
        expect=MANAGE_POST,
    ),
    Row("campaigns:scale_submit", args=term, method="post", expect=MANAGE_POST),
    Row("campaigns:scale_approve", args=term, method="post", expect=BOARD_POST),
    Row(
        "campaigns:scale_return",
        args=term,
        method="post",
        data=lambda w: {"reason": "Sửa lại"},
        expect=BOARD_POST,
    ),
    Row(
        "campaigns:scale_new_version",
        args=term,
        method="post",
        data=lambda w: {"reason": "Bổ sung tiêu chí"},
        expect=MANAGE_POST,
    ),
    Row("campaigns:scale_versions", args=term, expect=READ),
    Row("campaigns:scale_template", args=term, expect=READ),
    Row("campaigns:scale_export", args=term, expect=READ),
    Row("campaigns:scale_import", args=term, expect=MANAGE),
    # The next year
    Row("campaigns:term_next", args=term, expect=MANAGE),
    Row(
        "campaigns:term_next",
        args=term,
        method="post",
        data=lambda w: {
            "leader": w.deputy_unit.pk,
            "deputy": w.member_unit.pk,
            "copy_scale": "on",
            "copy_campaigns": "on",
        },
        expect=MANAGE_POST,
    ),
]
