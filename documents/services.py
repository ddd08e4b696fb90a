"""The one write of the documents app: the header a block-year's documents carry."""

from django.db import transaction

from audit.services import log_action
from blocks.models import Term
from blocks.services import ensure_term_writable
from documents.models import DocumentHeader

HEADER_FIELDS = (
    "number_symbol",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
)


@transaction.atomic
def set_document_header(
    *,
    term: Term,
    actor,
    number_symbol: str = "",
    recipients: str = "",
    signer_authority: str = "",
    signer_position: str = "",
    signer_name: str = "",
    request=None,
) -> DocumentHeader:
    """Number, recipients and signer of the year's documents; refused once published."""
    ensure_term_writable(term)
    header = DocumentHeader.objects.select_for_update().filter(term=term).first()
    header = header or DocumentHeader(term=term)
    before = {name: getattr(header, name) for name in HEADER_FIELDS}
    header.number_symbol = number_symbol.strip()
    header.recipients = "\n".join(line.strip() for line in recipients.splitlines() if line.strip())
    header.signer_authority = signer_authority.strip()
    header.signer_position = signer_position.strip()
    header.signer_name = signer_name.strip()
    header.updated_by = actor if getattr(actor, "pk", None) else None
    header.full_clean()
    header.save()
    log_action(
        actor=actor,
        action="documents.header.changed",
        obj=header,
        before=before,
        after={name: getattr(header, name) for name in HEADER_FIELDS},
        request=request,
        term_id=term.pk,
    )
    return header
