from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blocks.freeze import FrozenModel
from blocks.models import Term
from emulation import limits
from emulation.limits import bounded_text


class DocumentHeader(FrozenModel):
    """What the documents of a block-year say around the table, editable until publication.

    Nghị định 30/2020/NĐ-CP asks every administrative document for a number and symbol, its
    recipients and its signer; none of these follow from the scores, so the leader unit or the
    board types them. Frozen with the year: a published document never changes its header. A
    published version's number is its decision number (`PublishedResult.decision_number`).
    """

    term = models.OneToOneField(
        Term, verbose_name=_("block-year"), on_delete=models.CASCADE, related_name="document_header"
    )
    number_symbol = models.CharField(
        _("number and symbol"),
        max_length=100,
        blank=True,
        help_text=_(
            'Shown as "No.: …" on drafts, e.g. "/KQ-KTKT"; publication uses the decision number.'
        ),
    )
    recipients = bounded_text(
        _("recipients"), limits.SHORT_TEXT, blank=True, help_text=_("One recipient per line.")
    )
    signer_authority = models.CharField(
        _("signing on behalf of"),
        max_length=150,
        blank=True,
        help_text=_('e.g. "ON BEHALF OF THE LEADER UNIT"; empty for the default.'),
    )
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer's full name"), max_length=150, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document header")
        verbose_name_plural = _("document headers")

    def __str__(self) -> str:
        return f"{self.term}: {self.number_symbol or '—'}"

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
