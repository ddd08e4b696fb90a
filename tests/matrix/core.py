"""Rows for the project-wide URLs: pages of the results app, accounts, language, admin."""

from tests.matrix import Row, everyone, logged_in

ADMIN = {**everyone(302), "superuser": 200}

ROWS = [
    Row("portal:home", expect=everyone(200)),
    Row("portal:block_detail", args=lambda w: [w.block.pk], expect=everyone(200)),
    Row("portal:block_detail", args=lambda w: [999999], expect=everyone(404), label="missing"),
    # Published year: public.
    Row(
        "portal:term_ranking",
        args=lambda w: [w.block.pk, w.published_term.year],
        expect=everyone(200),
        label="published",
    ),
    # Unpublished, not yet shared: leader, deputy, board and council; members wait (403);
    # 404 for everyone else.
    Row(
        "portal:term_ranking",
        args=lambda w: [w.block.pk, w.term.year],
        expect={**everyone(200), "anonymous": 404, "outsider": 404, "member": 403},
        label="unpublished",
    ),
    Row("portal:unit_detail", args=lambda w: [w.member_unit.pk], expect=everyone(200)),
    Row("login", expect={**everyone(302), "anonymous": 200}),
    Row("logout", method="post", expect=everyone(302)),
    Row("password_change", expect=logged_in(200)),
    Row("password_change_done", expect=logged_in(200)),
    Row("set_language", method="post", data=lambda w: {"language": "en"}, expect=everyone(302)),
    Row("admin:index", expect=ADMIN),
]
