from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from scoring.models import Evidence, Query, ReminderLog, Score, ScoreSheet


class ScoreInline(PublishedTermReadOnlyMixin, admin.TabularInline):
    term_path = "term"  # the parent sheet's term
    model = Score
    extra = 0
    fields = ("criterion", "self_points", "reviewed_points", "review_reason")
    readonly_fields = ("criterion",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("unit", "term", "status", "version", "submitted_at", "verified_at")
    list_filter = ("status", "term__year", "term__block")
    search_fields = ("unit__name", "term__block__name")
    list_select_related = ("unit", "term__block")
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    term_path = "sheet.term"
    list_display = ("sheet", "criterion", "self_points", "reviewed_points")
    list_filter = ("sheet__term__year", "criterion__kind")
    search_fields = ("sheet__unit__name", "criterion__code", "criterion__title")
    list_select_related = ("sheet__unit", "sheet__term__block", "criterion")


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence, queries and reminders change only through the scoring pages, which record
    each change in the audit trail; the admin lists them for support, read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(_ReadOnlyAdmin):
    list_display = ("original_name", "score", "mime", "size", "uploaded_by", "uploaded_at")
    list_filter = ("score__sheet__term__year", "mime")
    search_fields = ("original_name", "score__sheet__unit__name")
    list_select_related = ("score__sheet__unit", "score__sheet__term__block", "score__criterion")
    # The file is served only by the permission-checked view, never by an admin link.
    exclude = ("file",)


@admin.register(Query)
class QueryAdmin(_ReadOnlyAdmin):
    list_display = ("score", "question", "raised_by", "raised_at", "answered_at", "resolved_at")
    list_filter = ("score__sheet__term__year",)
    search_fields = ("question", "answer", "score__sheet__unit__name")
    list_select_related = ("score__sheet__unit", "score__sheet__term__block", "score__criterion")


@admin.register(ReminderLog)
class ReminderLogAdmin(_ReadOnlyAdmin):
    list_display = ("sheet", "sent_on", "recipients")
    list_filter = ("sent_on",)
    list_select_related = ("sheet__unit", "sheet__term__block")
