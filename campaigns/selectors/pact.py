"""Reads of the pact and the registrations pages."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from audit.models import AuditEntry
from blocks.models import Term, Unit
from campaigns.models import (
    AwardType,
    Pact,
    PactSignature,
    Registration,
)
from campaigns.selectors.movements import term_members


@dataclass
class PactRow:
    unit: Unit
    signature: PactSignature | None


@dataclass
class PactPage:
    term: Term
    pact: Pact | None
    rows: list[PactRow]

    @property
    def signed_count(self) -> int:
        return sum(1 for r in self.rows if r.signature)

    @property
    def first_signed(self) -> PactRow | None:
        """The member whose signature froze the pact's text (the earliest), with it."""
        signed = [r for r in self.rows if r.signature]
        return min(signed, key=lambda r: r.signature.signed_at) if signed else None


def pact_page(term: Term) -> PactPage:
    """The pact (1), its signatures (1), the members of the year (1)."""
    pact = Pact.objects.filter(term=term).select_related("updated_by").first()
    signatures: dict[int, PactSignature] = {}
    if pact is not None:
        signatures = {s.unit_id: s for s in pact.signatures.select_related("recorded_by")}
    members = list(dict.fromkeys(term_members(term)))
    return PactPage(term, pact, [PactRow(u, signatures.get(u.pk)) for u in members])


# --- Registrations ------------------------------------------------------------------------


REGISTRATION_DECISIONS = ("campaigns.registration.returned", "campaigns.registration.approved")


@dataclass
class RegistrationRow:
    unit: Unit
    registration: Registration | None
    # The decisions taken on it, oldest first (audit entries): a return's reason stays
    # visible after the registration is sent again and approved.
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def returns(self) -> list[AuditEntry]:
        return [e for e in self.history if e.action == REGISTRATION_DECISIONS[0]]


def registrations_page(term: Term) -> list[RegistrationRow]:
    """Members (1), registrations (1) with their award types (1), their decisions (1)."""
    members = list(dict.fromkeys(term_members(term)))
    registrations = {
        r.unit_id: r
        for r in Registration.objects.filter(term=term)
        .select_related("decided_by", "submitted_by")
        .prefetch_related(Prefetch("award_types", queryset=AwardType.objects.order_by("order")))
    }
    history: dict[str, list[AuditEntry]] = {}
    for entry in (
        AuditEntry.objects.filter(
            term_id=term.pk,
            object_type=Registration._meta.label_lower,
            action__in=REGISTRATION_DECISIONS,
        )
        .select_related("actor")
        .order_by("at", "pk")
    ):
        history.setdefault(entry.object_id, []).append(entry)
    rows = []
    for unit in members:
        registration = registrations.get(unit.pk)
        entries = history.get(str(registration.pk), []) if registration else []
        rows.append(RegistrationRow(unit, registration, entries))
    return rows


# --- The next year ------------------------------------------------------------------------
