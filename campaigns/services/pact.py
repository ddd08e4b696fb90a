"""The block-year's pact (giao ước thi đua): writing it and the units' signatures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from campaigns.models import (
    Pact,
    PactSignature,
)
from emulation.uploads import validate_upload


def _ensure_pact_writable(pact: Pact | None, *, empty: bool, document=None) -> None:
    if pact is not None and pact.signatures.exists():
        raise ValidationError(
            _("Units have already signed this pact: it can no longer be changed."),
            code="pact_signed",
        )
    if empty and document is None and (pact is None or not pact.document):
        raise ValidationError(
            _("Write the pact's text or commitments, or attach the signed document."),
            code="pact_empty",
        )


@transaction.atomic
def pact_save(
    *,
    term: Term,
    actor,
    title: str,
    text: str = "",
    commitments: str = "",
    document=None,
    request=None,
) -> Pact:
    """Write the pact's text, commitments and/or signed copy. Frozen once a unit has signed:
    what a unit acknowledged must stay what it read."""
    ensure_term_writable(term)
    pact = Pact.objects.select_for_update().filter(term=term).first()
    empty = not (text or "").strip() and not (commitments or "").strip()
    _ensure_pact_writable(pact, empty=empty, document=document)
    before = None
    if pact is None:
        pact = Pact(term=term)
    else:
        before = {"title": pact.title, "text": pact.text, "commitments": pact.commitments}
    pact.title = (title or "").strip()
    pact.text = text or ""
    pact.commitments = commitments or ""
    pact.updated_by = actor
    if document is not None:
        validate_upload(document, kinds=("pdf", "docx", "image"))
        pact.document.save(document.name, document, save=False)
        pact.document_name = document.name[:255]
    pact.full_clean()
    pact.save()
    log_action(
        actor=actor,
        action="campaigns.pact.saved",
        obj=pact,
        before=before,
        after={
            "title": pact.title,
            "text": pact.text,
            "commitments": pact.commitments,
            "document": pact.document_name,
        },
        request=request,
        term_id=term.pk,
    )
    return pact


@transaction.atomic
def pact_sign(
    *, pact: Pact, unit: Unit, actor, signer_name: str, signer_title: str, request=None
) -> PactSignature:
    """A member unit acknowledges the pact, naming who signed for it."""
    term = pact.term
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(_("Only member units sign the pact."), code="not_member")
    if PactSignature.objects.filter(pact=pact, unit=unit).exists():
        raise ValidationError(_("This unit has already signed the pact."), code="already_signed")
    signature = PactSignature(
        pact=pact,
        unit=unit,
        signer_name=(signer_name or "").strip(),
        signer_title=(signer_title or "").strip(),
        signed_at=timezone.now(),
        recorded_by=actor,
    )
    signature.full_clean()
    signature.save()
    log_action(
        actor=actor,
        action="campaigns.pact.signed",
        obj=signature,
        after={
            "unit_id": unit.pk,
            "signer_name": signature.signer_name,
            "signer_title": signature.signer_title,
        },
        request=request,
        term_id=term.pk,
    )
    return signature
