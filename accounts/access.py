"""Who may manage accounts: the board staff of a province (and superusers, everywhere).

Everyone else gets 404: the account pages are not a resource anyone else holds a role in, and
the staff of another province must look like any outsider (tests/security/test_other_tenants.py).
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from blocks.models import Province


def get_province_for_account_manager(request, pk: int) -> Province:
    province = get_object_or_404(Province, pk=pk)
    user = request.user
    if user.is_superuser or user.board_province_id == province.pk:
        return province
    raise Http404


def managed_accounts(province: Province):
    """Officers of the province's units and council members of its blocks: never board staff
    or superusers, whom only a superuser manages (in the admin)."""
    return (
        User.objects.filter(is_superuser=False, board_province__isnull=True)
        .filter(Q(unit__province=province) | Q(council_blocks__province=province))
        .distinct()
    )


def get_account_for_manager(request, province_pk: int, pk: int) -> tuple[Province, User]:
    province = get_province_for_account_manager(request, province_pk)
    account = get_object_or_404(managed_accounts(province).select_related("unit"), pk=pk)
    return province, account
