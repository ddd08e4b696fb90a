"""Rows for the account pages the board manages: its own province only (superuser anywhere).
Everyone else gets 404, as an outsider; a province that does not exist is 404 for the board too.
"""

from tests.matrix import LOGIN, Row, everyone, logged_in, to


def _province(w):
    return [w.province.pk]


BOARD_ONLY = {**everyone(404), "anonymous": LOGIN, "board": 200, "superuser": 200}
ACCOUNTS = to("accounts:account_list", _province)
BOARD_POSTS = {**BOARD_ONLY, "board": ACCOUNTS, "superuser": ACCOUNTS}
PASSWORDS = to("accounts:account_passwords", _province)
MISSING = {**everyone(404), "anonymous": LOGIN}


def _member(w):
    return [w.province.pk, w.users["member"].pk]


ROWS = [
    Row("accounts:otp_setup", expect=logged_in(200)),
    # Nobody in the world has a device: nothing to verify, back home (anonymous: to login).
    Row("accounts:otp_verify", expect={**everyone(to("portal:home")), "anonymous": LOGIN}),
    Row("accounts:account_list", args=_province, expect=BOARD_ONLY),
    Row("accounts:account_list", args=lambda w: [999999], expect=MISSING, label="missing"),
    Row("accounts:account_create", args=_province, expect=BOARD_ONLY),
    Row("accounts:account_import", args=_province, expect=BOARD_ONLY),
    Row("accounts:account_import_template", args=_province, expect=BOARD_ONLY),
    Row("accounts:account_deactivate", args=_member, method="post", expect=BOARD_POSTS),
    # Board staff are not managed here, whoever asks (only a superuser, in the admin).
    Row(
        "accounts:account_deactivate",
        args=lambda w: [w.province.pk, w.users["board"].pk],
        method="post",
        expect=MISSING,
        label="board account",
    ),
    Row("accounts:account_deactivate", args=_member, expect=logged_in(405), label="get"),
    # POST, redirect, GET: the passwords are shown by the page that follows, once.
    Row(
        "accounts:account_reset_password",
        args=_member,
        method="post",
        expect={**BOARD_ONLY, "board": PASSWORDS, "superuser": PASSWORDS},
    ),
    # Nothing waiting to be shown: back to the list with a message.
    Row("accounts:account_passwords", args=_province, expect=BOARD_POSTS),
]
