from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from scoring.models import Score, ScoreSheet


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
