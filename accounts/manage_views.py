"""Accounts managed by the board in the browser: list, create, deactivate, reset, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import services
from accounts.access import (
    get_account_for_manager,
    get_province_for_account_manager,
    managed_accounts,
)
from accounts.forms import AccountForm, ImportForm
from accounts.imports import read_rows, template_workbook
from blocks.models import Block
from emulation.collation import vi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def account_list(request, province_pk: int):
    province = get_province_for_account_manager(request, province_pk)
    accounts = (
        managed_accounts(province)
        .select_related("unit")
        .prefetch_related(Prefetch("council_blocks", queryset=Block.objects.order_by(vi("name"))))
        .order_by("-is_active", vi("unit__name"), vi("full_name"), "username")
    )
    return render(
        request, "accounts/account_list.html", {"province": province, "accounts": accounts}
    )


# The passwords of the last create, reset or import, waiting for the page that shows them.
PASSWORDS_KEY = "accounts.one_time_passwords"


def _one_time_password(request, province, rows, title):
    """POST, then redirect, then GET: the generated passwords wait in the session for the one
    page that shows them, which removes them. Refreshing that page does not post the reset (or
    the creation, or the import) again, and does not show the passwords a second time."""
    request.session[PASSWORDS_KEY] = {
        "province": province.pk,
        "title": str(title),
        "rows": [[account.username, account.full_name, password] for account, password in rows],
    }
    return redirect("accounts:account_passwords", province.pk)


@login_required
@require_GET
def account_passwords(request, province_pk: int):
    """The generated passwords, shown once and never stored in clear (not even in the page's
    cache: private pages are `no-store`)."""
    province = get_province_for_account_manager(request, province_pk)
    shown = request.session.pop(PASSWORDS_KEY, None)
    if not shown or shown.get("province") != province.pk:
        messages.info(
            request,
            _(
                "Passwords are shown only once. If one was lost, reset that account's "
                "password again."
            ),
        )
        return redirect("accounts:account_list", province.pk)
    rows = [{"username": u, "full_name": n, "password": p} for u, n, p in shown["rows"]]
    return render(
        request,
        "accounts/passwords.html",
        {"province": province, "rows": rows, "title": shown["title"]},
    )


@login_required
def account_create(request, province_pk: int):
    province = get_province_for_account_manager(request, province_pk)
    form = AccountForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        data = services.AccountData(
            **{k: v for k, v in form.cleaned_data.items() if k != "council_blocks"},
            council_blocks=list(form.cleaned_data["council_blocks"]),
        )
        try:
            user, password = services.account_create(
                actor=request.user, province=province, data=data, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _one_time_password(request, province, [(user, password)], _("Account created"))
    return render(request, "accounts/account_form.html", {"province": province, "form": form})


@login_required
@require_POST
def account_deactivate(request, province_pk: int, pk: int):
    province, account = get_account_for_manager(request, province_pk, pk)
    try:
        services.account_deactivate(actor=request.user, account=account, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s can no longer sign in.") % {"name": account})
    return redirect("accounts:account_list", province.pk)


@login_required
@require_POST
def account_reset_password(request, province_pk: int, pk: int):
    province, account = get_account_for_manager(request, province_pk, pk)
    try:
        password = services.account_reset_password(
            actor=request.user, account=account, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:account_list", province.pk)
    return _one_time_password(request, province, [(account, password)], _("Password reset"))


@login_required
def account_import(request, province_pk: int):
    province = get_province_for_account_manager(request, province_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(form.cleaned_data["file"], province)
            created = services.accounts_import(
                actor=request.user, province=province, rows=rows, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _one_time_password(request, province, created, _("Accounts imported"))
    return render(request, "accounts/account_import.html", {"province": province, "form": form})


@login_required
def account_import_template(request, province_pk: int):
    province = get_province_for_account_manager(request, province_pk)
    response = HttpResponse(template_workbook(province), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="accounts-template.xlsx"'
    return response
