from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from campaigns.models import Campaign, CampaignAdoption, Criterion, Scale


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "kind", "launched_on", "ends_on", "launched_by", "archived")
    list_filter = ("level", "kind", "archived", "province")
    search_fields = ("name", "theme", "launched_by")
    list_select_related = ("province", "block", "unit")
    autocomplete_fields = ("block", "unit", "province")


@admin.register(CampaignAdoption)
class CampaignAdoptionAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("term", "campaign", "unit", "mode", "integrated_into")
    list_filter = ("mode", "term__year")
    search_fields = ("campaign__name", "unit__name")
    list_select_related = ("term__block", "campaign", "unit", "integrated_into")


class CriterionInline(PublishedTermReadOnlyMixin, admin.TabularInline):
    term_path = "term"  # the parent scale's term
    model = Criterion
    extra = 0
    fields = ("order", "code", "title", "kind", "parent", "max_points", "evidence_required")


@admin.register(Scale)
class ScaleAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("term", "version", "status", "nominal_total", "approved_at")
    list_filter = ("status", "term__year")
    search_fields = ("term__block__name",)
    list_select_related = ("term__block",)
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    term_path = "scale.term"
    list_display = ("code", "title", "kind", "max_points", "scale")
    list_filter = ("kind", "evidence_required")
    search_fields = ("code", "title")
    list_select_related = ("scale__term__block",)
