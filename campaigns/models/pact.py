"""The emulation pact of a block-year and its signatures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blocks.models import Term, Unit
from campaigns.models import pact_document_path
from emulation import limits
from emulation.limits import bounded_text


class Pact(models.Model):
    """The block-year's emulation pact (giao ước thi đua): text, commitments, signed copy."""

    term = models.OneToOneField(
        Term, verbose_name=_("block-year"), on_delete=models.PROTECT, related_name="pact"
    )
    title = models.CharField(_("title"), max_length=255)
    text = bounded_text(_("text of the pact"), limits.LONG_TEXT, blank=True)
    commitments = bounded_text(
        _("commitments"), limits.TARGETS, blank=True, help_text=_("One commitment per line.")
    )
    document = models.FileField(
        _("signed document"), upload_to=pact_document_path, max_length=255, blank=True
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True)
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
        verbose_name = _("pact")
        verbose_name_plural = _("pacts")

    def __str__(self) -> str:
        return self.title

    @property
    def commitment_lines(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]


class PactSignature(models.Model):
    """A member unit's acknowledgement of the pact: who signed for it, and when."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.PROTECT, related_name="signatures"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pact_signatures"
    )
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pact signature")
        verbose_name_plural = _("pact signatures")
        ordering = ["pact", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["pact", "unit"], name="pact_signature_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.pact}"
