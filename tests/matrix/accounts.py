"""Rows for the account pages the board manages: its own province only (superuser anywhere).
Everyone else gets 404, as an outsider; a province that does not exist is 404 for the board too.
"""

from tests.matrix import Row, everyone, logged_in

BOARD_ONLY = {**everyone(404), "anonymous": 302, "board": 200, "superuser": 200}
BOARD_POSTS = {**BOARD_ONLY, "board": 302, "superuser": 302}
MISSING = {**everyone(404), "anonymous": 302}


def _province(w):
    return [w.province.pk]


def _member(w):
    return [w.province.pk, w.users["member"].pk]


ROWS = [
    Row("otp_setup", expect=logged_in(200)),
    # Nobody in the world has a device: nothing to verify, back home (anonymous: to login).
    Row("otp_verify", expect=everyone(302)),
    Row("account_list", args=_province, expect=BOARD_ONLY),
    Row("account_list", args=lambda w: [999999], expect=MISSING, label="missing"),
    Row("account_create", args=_province, expect=BOARD_ONLY),
    Row("account_import", args=_province, expect=BOARD_ONLY),
    Row("account_import_template", args=_province, expect=BOARD_ONLY),
    Row("account_deactivate", args=_member, method="post", expect=BOARD_POSTS),
    # Board staff are not managed here, whoever asks (only a superuser, in the admin).
    Row(
        "account_deactivate",
        args=lambda w: [w.province.pk, w.users["board"].pk],
        method="post",
        expect=MISSING,
        label="board account",
    ),
    Row("account_deactivate", args=_member, expect=logged_in(405), label="get"),
    Row("account_reset_password", args=_member, method="post", expect=BOARD_ONLY),
]
