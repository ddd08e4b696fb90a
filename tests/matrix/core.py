"""Rows for the project-wide URLs: pages of the results app, accounts, language, admin."""

from django.urls import reverse

from tests.matrix import LOGIN, Redirect, Row, everyone, logged_in, to

# The admin has its own login page; signed-in staff without admin rights are sent there too.
ADMIN_LOGIN = Redirect(lambda w, url: f"{reverse('admin:login')}?next={url}", label="admin login")
ADMIN = {**everyone(ADMIN_LOGIN), "superuser": 200}
HOME = to("portal:home")

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
    # Unpublished, not yet shared: leader, deputy, board and council see the ranking; members
    # see the year's stage page instead (200, no ranking); 404 for other signed-in people, the
    # login page for signed-out ones.
    Row(
        "portal:term_ranking",
        args=lambda w: [w.block.pk, w.term.year],
        expect={**everyone(200), "anonymous": LOGIN, "outsider": 404},
        label="unpublished",
    ),
    Row("portal:unit_detail", args=lambda w: [w.member_unit.pk], expect=everyone(200)),
    # The board's province overview: board staff; anyone else signed in 404, as for a missing
    # province (the rule of every province board page).
    *[
        Row(
            name,
            args=lambda w: [w.province.pk],
            expect={**everyone(404), "anonymous": LOGIN, "board": 200, "superuser": 200},
        )
        for name in ("portal:province_overview", "portal:province_overview_xlsx")
    ],
    Row("accounts:login", expect={**everyone(HOME), "anonymous": 200}),
    Row("accounts:logout", method="post", expect=everyone(HOME)),
    Row("accounts:password_change", expect=logged_in(200)),
    Row("accounts:notification_settings", expect=logged_in(200)),
    Row("accounts:password_change_done", expect=logged_in(200)),
    Row("set_language", method="post", data=lambda w: {"language": "en"}, expect=everyone(HOME)),
    Row("admin:index", expect=ADMIN),
]

# Health checks: public, for load balancers and monitoring.
ROWS += [
    Row("health:live", expect=everyone(200)),
    Row("health:ready", expect=everyone(200)),
]
