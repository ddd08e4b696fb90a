from django.core.exceptions import PermissionDenied


def require_audit_reader(request) -> None:
    """Board staff, superusers and units' officers read (part of) the trail; a council member,
    who holds no unit and no board seat, is refused (403). Call after `login_required`."""
    user = request.user
    if not (user.is_superuser or user.board_province_id or user.unit_id):
        raise PermissionDenied
