from django.contrib import admin

from results.models import PublishedResult


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
