from django.contrib import admin

from scoring.models import Score, ScoreSheet


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ("criterion", "self_points", "reviewed_points", "review_reason")
    readonly_fields = ("criterion",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ("unit", "term", "status", "version", "submitted_at", "verified_at")
    list_filter = ("status", "term__year", "term__block")
    search_fields = ("unit__name", "term__block__name")
    list_select_related = ("unit", "term__block")
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("sheet", "criterion", "self_points", "reviewed_points")
    list_filter = ("sheet__term__year", "criterion__kind")
    search_fields = ("sheet__unit__name", "criterion__code", "criterion__title")
    list_select_related = ("sheet__unit", "sheet__term__block", "criterion")
