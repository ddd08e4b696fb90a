"""Writes on campaigns and scales. Each service is atomic, audited, and refuses with a code."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.services import ensure_term_writable
from campaigns.models import Scale


@transaction.atomic
def lock_scale(*, scale: Scale, actor, request=None) -> Scale:
    """Lock an approved scale when scoring opens. Only an approved scale can be locked."""
    scale = Scale.objects.select_for_update().select_related("term").get(pk=scale.pk)
    ensure_term_writable(scale.term)
    if scale.status == Scale.Status.LOCKED:
        return scale
    if scale.status != Scale.Status.APPROVED:
        raise ValidationError(
            _("Only an approved scale can be locked; this one is %(status)s."),
            code="scale_not_approved",
            params={"status": scale.get_status_display()},
        )
    before = scale.status
    scale.status = Scale.Status.LOCKED
    scale.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="campaigns.scale.locked",
        obj=scale,
        before={"status": before},
        after={"status": scale.status},
        request=request,
        term_id=scale.term_id,
    )
    return scale
