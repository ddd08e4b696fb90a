"""The audit trail as a reader may see it, filtered."""

from django.db.models import Q, QuerySet

from audit.models import AuditEntry
from blocks.models import Term


def entries_visible_to(user) -> QuerySet[AuditEntry]:
    """Superuser: everything. Board staff: their province's block-years and the changes made
    by the province's people. A unit's officer: changes made by their unit's officers. A
    council member: the block-years of their blocks. Anyone else signed in: nothing."""
    entries = AuditEntry.objects.all()
    if user.is_superuser:
        return entries
    if user.board_province_id is not None:
        province = user.board_province_id
        terms = Term.objects.filter(block__province_id=province).values("pk")
        return entries.filter(
            Q(term_id__in=terms)
            | Q(actor__board_province_id=province)
            | Q(actor__unit__province_id=province)
        )
    if user.unit_id is not None:
        return entries.filter(actor__unit_id=user.unit_id)
    # A council member: the block-years of the blocks they oversee.
    terms = Term.objects.filter(block__council_members=user).values("pk")
    return entries.filter(term_id__in=terms)


def filter_entries(entries: QuerySet[AuditEntry], data: dict) -> QuerySet[AuditEntry]:
    """`data` is the filter form's cleaned data; empty values filter nothing."""
    if data.get("block"):
        entries = entries.filter(term_id__in=Term.objects.filter(block=data["block"]).values("pk"))
    if data.get("unit"):
        entries = entries.filter(actor__unit=data["unit"])
    if data.get("user"):
        text = data["user"]
        entries = entries.filter(
            Q(actor__username__iexact=text) | Q(actor__full_name__icontains=text)
        )
    if data.get("action"):
        entries = entries.filter(action__startswith=data["action"])
    if data.get("date_from"):
        entries = entries.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        entries = entries.filter(at__date__lte=data["date_to"])
    return entries.select_related("actor", "actor__unit").order_by("-at", "-id")
