"""Rows for the year setup (campaigns app), on world.term (2025, scoring, locked scale v1).

Reads: the block's members, its council and the board; 404 for outsiders, the login page for
signed-out people.
Leader work: the leader unit and the board (403 for other insiders). Approval: the board only.
A unit's own acts (sign the pact, register): officers of member units; 403 for users without
a unit (board, council, superuser). A refused service is a message and a redirect (302), to
the page the action belongs to.
"""

from django.urls import reverse

from tests.campaigns import helpers
from tests.matrix import LOGIN, Redirect, Row, everyone, to

HIDDEN = {"anonymous": LOGIN, "outsider": 404}
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


def manage_post(target: Redirect) -> dict:
    return {**MANAGE, "leader": target, "board": target, "superuser": target}


def board_post(target: Redirect) -> dict:
    return {**manage_post(target), "leader": 403}


UNIT_GET = {
    **HIDDEN,
    "member": 200,
    "deputy": 200,
    "leader": 200,
    "board": 403,
    "council": 403,
    "superuser": 403,
}


def unit_post(target: Redirect) -> dict:
    return {**UNIT_GET, "member": target, "deputy": target, "leader": target}


def term(w):
    return [w.block.pk, w.term.year]


def _newest_campaign(w) -> list:
    from campaigns.models import Campaign

    return [*term(w), Campaign.objects.filter(term=w.term).latest("pk").pk]


def _line_moved(w) -> str:
    return reverse("campaigns:scale_editor", args=term(w)) + f"#line-{line(w)[-1]}"


# Where the actions return to.
CAMPAIGNS = to("campaigns:campaign_list", term)
PACT = to("campaigns:pact_detail", term)
REGISTRATIONS = to("campaigns:registration_list", term)
SCALE = to("campaigns:scale_editor", term)
ADOPTIONS = to("campaigns:campaign_list", term, anchor=lambda w: "adoptions")


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
        expect={**everyone(404), "anonymous": LOGIN},
        label="missing",
    ),
    Row("campaigns:campaign_create", args=term, expect=MANAGE),
    Row(
        "campaigns:campaign_create",
        args=term,
        method="post",
        data=lambda w: {"level": "block", "kind": "regular", "name": "Phong trào mới"},
        expect=manage_post(to("campaigns:campaign_detail", _newest_campaign)),
    ),
    Row("campaigns:campaign_detail", args=campaign, expect=READ),
    Row("campaigns:campaign_edit", args=campaign, expect=MANAGE),
    Row("campaigns:campaign_archive", args=campaign, method="post", expect=manage_post(CAMPAIGNS)),
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
        expect={**manage_post(ADOPTIONS), "member": ADOPTIONS},
    ),
    # Pact
    Row("campaigns:pact_detail", args=term, expect=READ),
    Row("campaigns:pact_edit", args=term, expect=MANAGE),
    Row(
        "campaigns:pact_edit",
        args=term,
        method="post",
        data=lambda w: {"title": "Giao ước 2025", "commitments": "Một"},
        expect=manage_post(PACT),
    ),
    Row(
        "campaigns:pact_sign",
        args=lambda w: (helpers.pact(w), term(w))[1],
        method="post",
        data=lambda w: {"signer_name": "Nguyễn Văn A", "signer_title": "Giám đốc"},
        expect=unit_post(PACT),
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
        expect=unit_post(REGISTRATIONS),
    ),
    Row(
        "campaigns:registration_decide",
        args=lambda w: [*term(w), helpers.registration(w).pk],
        method="post",
        data=lambda w: {"decision": "approve"},
        expect=manage_post(REGISTRATIONS),
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
    Row("campaigns:scale_create", args=term, method="post", expect=manage_post(SCALE)),
    Row(
        "campaigns:scale_settings",
        args=term,
        method="post",
        data=lambda w: {"nominal_total": "100"},
        expect=manage_post(SCALE),
    ),
    Row("campaigns:scale_line_create", args=term, expect=MANAGE),
    Row("campaigns:scale_line_edit", args=line, expect=MANAGE),
    Row("campaigns:scale_line_delete", args=line, method="post", expect=manage_post(SCALE)),
    Row(
        "campaigns:scale_line_move",
        args=line,
        method="post",
        data=lambda w: {"direction": "down"},
        expect=manage_post(Redirect(lambda w, _url: _line_moved(w), label="scale_editor#line")),
    ),
    Row("campaigns:scale_submit", args=term, method="post", expect=manage_post(SCALE)),
    Row("campaigns:scale_approve", args=term, method="post", expect=board_post(SCALE)),
    Row(
        "campaigns:scale_return",
        args=term,
        method="post",
        data=lambda w: {"reason": "Sửa lại"},
        expect=board_post(SCALE),
    ),
    Row(
        "campaigns:scale_new_version",
        args=term,
        method="post",
        data=lambda w: {"reason": "Bổ sung tiêu chí"},
        expect=manage_post(SCALE),
    ),
    Row("campaigns:scale_versions", args=term, expect=READ),
    Row("campaigns:scale_template", args=term, expect=READ),
    Row("campaigns:scale_export", args=term, expect=READ),
    Row("campaigns:scale_import", args=term, expect=MANAGE),
    # The next year (its view is in results: it carries the tie policy and bands too)
    Row("results:term_next", args=term, expect=MANAGE),
    Row(
        "results:term_next",
        args=term,
        method="post",
        data=lambda w: {
            "leader": w.deputy_unit.pk,
            "deputy": w.member_unit.pk,
            "copy_scale": "on",
            "copy_campaigns": "on",
        },
        expect=manage_post(to("campaigns:campaign_list", lambda w: [w.block.pk, w.term.year + 1])),
    ),
]
