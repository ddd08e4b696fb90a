from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from results.models import (
    ClassificationBand,
    Incident,
    Objection,
    ProvisionalRelease,
    PublishedDocument,
    PublishedResult,
    TiePolicy,
)


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    """Read-only: a published ranking is never edited; a correction is a new version."""

    list_display = ("term", "version", "decision_number", "decision_date", "published_at")
    list_filter = ("term__year", "term__block__province")
    search_fields = ("term__block__name", "decision_number")
    list_select_related = ("term__block",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublishedDocument)
class PublishedDocumentAdmin(admin.ModelAdmin):
    """Read-only: stored by the publication's task (or the first download), never edited."""

    list_display = ("publication", "kind", "language", "size", "sha256", "created_at")
    list_filter = ("kind", "language")
    search_fields = ("publication__term__block__name", "sha256")
    list_select_related = ("publication__term__block",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClassificationBand)
class ClassificationBandAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    """Province bands (no block-year) or a block-year's own; a published year's are frozen."""

    list_display = ("label", "province", "term", "min_total", "floor_percent")
    list_filter = ("province",)
    list_select_related = ("province", "term__block")
    raw_id_fields = ("term",)


@admin.register(TiePolicy)
class TiePolicyAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("term", "rules", "updated_at")
    list_select_related = ("term__block",)
    readonly_fields = ("updated_by", "updated_at")
    raw_id_fields = ("term",)


@admin.register(Incident)
class IncidentAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("unit", "term", "kind", "makes_ineligible", "recorded_at")
    list_filter = ("kind", "makes_ineligible", "term__year")
    list_select_related = ("unit", "term__block")
    readonly_fields = ("recorded_by", "recorded_at")
    raw_id_fields = ("term", "unit")


@admin.register(ProvisionalRelease)
class ProvisionalReleaseAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("term", "shared_at", "objection_days", "closes_at")
    list_select_related = ("term__block",)
    raw_id_fields = ("term",)


@admin.register(Objection)
class ObjectionAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("unit", "term", "criterion_code", "filed_at", "answered_at")
    list_filter = ("term__year",)
    list_select_related = ("unit", "term__block")
    readonly_fields = ("filed_by", "filed_at", "answered_by", "answered_at")
    raw_id_fields = ("term", "unit")
