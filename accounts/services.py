"""Account writes by the board: create, deactivate, reset a password, import a list."""

import secrets
import string
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from blocks.models import Block, Province, Unit

# No look-alike characters: the password is read off a screen and typed by someone else.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def generate_password(length: int = 14) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass
class AccountData:
    username: str
    full_name: str
    email: str = ""
    job_title: str = ""
    phone: str = ""
    unit: Unit | None = None
    council_blocks: list[Block] = field(default_factory=list)
    row: int = 0  # the spreadsheet row it came from, for error messages


def _snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit_id,
        "council_blocks": sorted(b.pk for b in user.council_blocks.all()),
        "is_active": user.is_active,
    }


def _check_scope(*, province: Province, data: AccountData) -> None:
    if (data.unit is None) == (not data.council_blocks):
        raise ValidationError(
            _("Choose either a unit (an officer) or council blocks (a council member)."),
            code="unit_or_council",
        )
    if data.unit is not None and data.unit.province_id != province.pk:
        raise ValidationError(_("The unit is not in this province."), code="wrong_province")
    if any(b.province_id != province.pk for b in data.council_blocks):
        raise ValidationError(_("A block is not in this province."), code="wrong_province")


def _build(*, province: Province, data: AccountData, password: str) -> User:
    _check_scope(province=province, data=data)
    user = User(
        username=data.username,
        full_name=data.full_name,
        email=data.email,
        job_title=data.job_title,
        phone=data.phone,
        unit=data.unit,
        must_change_password=True,
    )
    user.set_password(password)
    user.full_clean()
    return user


@transaction.atomic
def account_create(
    *, actor: User, province: Province, data: AccountData, request=None
) -> tuple[User, str]:
    """Create an officer or a council member; returns the account and its one-time password."""
    password = generate_password()
    user = _build(province=province, data=data, password=password)
    user.save()
    user.council_blocks.set(data.council_blocks)
    log_action(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        after=_snapshot(user),
        request=request,
    )
    return user, password


@transaction.atomic
def account_deactivate(*, actor: User, account: User, request=None) -> None:
    """Deactivate, never delete: the account's name stays on everything it did."""
    if not account.is_active:
        raise ValidationError(_("This account is already inactive."), code="already_inactive")
    before = _snapshot(account)
    account.is_active = False
    account.full_clean()
    account.save(update_fields=["is_active"])
    log_action(
        actor=actor,
        action="accounts.user.deactivated",
        obj=account,
        before=before,
        after=_snapshot(account),
        request=request,
    )


@transaction.atomic
def account_reset_password(*, actor: User, account: User, request=None) -> str:
    """A new generated password, shown once; the owner must change it at the next login."""
    if not account.is_active:
        raise ValidationError(_("This account is inactive."), code="inactive")
    password = generate_password()
    account.set_password(password)
    account.must_change_password = True
    account.full_clean()
    account.save(update_fields=["password", "must_change_password"])
    log_action(actor=actor, action="accounts.user.password_reset", obj=account, request=request)
    return password


@transaction.atomic
def accounts_import(
    *, actor: User, province: Province, rows: list[AccountData], request=None
) -> list[tuple[User, str]]:
    """Create every row or none. Row errors are raised together, keyed by row number."""
    errors: list[ValidationError] = []
    seen: set[str] = set()
    built = []
    for index, data in enumerate(rows, start=2):  # row 1 holds the headings
        number = data.row or index
        try:
            if data.username.lower() in seen:
                raise ValidationError(_("Username repeated in the file."), code="duplicate")
            seen.add(data.username.lower())
            password = generate_password()
            built.append((_build(province=province, data=data, password=password), data, password))
        except ValidationError as exc:
            for message in exc.messages:
                errors.append(
                    ValidationError(
                        _("Row %(number)d: %(message)s") % {"number": number, "message": message},
                        code="invalid_row",
                    )
                )
    if not rows:
        raise ValidationError(_("The file has no rows."), code="empty")
    if errors:
        raise ValidationError(errors)
    created = []
    for user, data, password in built:
        user.save()
        user.council_blocks.set(data.council_blocks)
        log_action(
            actor=actor,
            action="accounts.user.imported",
            obj=user,
            after=_snapshot(user),
            request=request,
        )
        created.append((user, password))
    return created
