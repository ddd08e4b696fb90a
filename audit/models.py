from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation import limits
from emulation.limits import bounded_text


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit entries are append-only.")

    def delete(self):
        raise TypeError("Audit entries are append-only.")

    def for_object(self, obj) -> "AuditEntryQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, old → new, why, from where.

    Written by `audit.services.log_action` inside the same transaction as the change it
    records, so a change and its record stand or fall together. Append-only: neither the app
    nor the admin can update or delete an entry.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    # The block-year the change belongs to, when there is one, so a term's history is one query.
    term_id = models.BigIntegerField(_("block-year id"), null=True, blank=True, db_index=True)
    # The score sheet and the criterion a scoring change concerns, so a sheet's history and a
    # score's are index lookups rather than filters on the JSON (issue #13). Plain ids like
    # `term_id`, not foreign keys: an append-only record must outlive what it names and never
    # hold up its deletion (PROTECT would), and SET_NULL or CASCADE would have to UPDATE or
    # DELETE audit rows, which the PostgreSQL trigger refuses. The criterion is the one the
    # score was on at the time; a scale version move carries scores to a new criterion with the
    # same code, so a score's history matches by code (`scoring.selectors.score_history`).
    sheet_id = models.BigIntegerField(_("score sheet id"), null=True, blank=True)
    criterion_id = models.BigIntegerField(_("criterion id"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = bounded_text(_("reason"), limits.AUDIT_REASON, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A sheet's history, newest first and paged: read backwards along this index.
            models.Index(fields=["sheet_id", "at", "id"], name="audit_sheet_at"),
            models.Index(fields=["sheet_id", "criterion_id"], name="audit_sheet_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are append-only.")
