from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from campaigns.models import (
    AwardType,
    Campaign,
    CampaignAdoption,
    CampaignDocument,
    Criterion,
    Pact,
    PactSignature,
    Registration,
    Scale,
)


class CampaignDocumentInline(admin.TabularInline):
    model = CampaignDocument
    extra = 0
    fields = ("title", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields  # uploads go through the app, where files are checked by content

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "kind", "term", "launched_on", "ends_on", "archived")
    list_filter = ("level", "kind", "archived", "province")
    search_fields = ("name", "theme", "launched_by")
    list_select_related = ("province", "block", "unit", "term__block")
    autocomplete_fields = ("block", "unit", "province")
    raw_id_fields = ("term", "copied_from")
    inlines = [CampaignDocumentInline]


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


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    """The configurable list of titles units register for."""

    list_display = ("name", "code", "level", "requires_leading_unit", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("level", "requires_leading_unit", "active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


class PactSignatureInline(PublishedTermReadOnlyMixin, admin.TabularInline):
    model = PactSignature
    extra = 0
    fields = ("unit", "signer_name", "signer_title", "signed_at", "recorded_by")
    readonly_fields = ("recorded_by",)


@admin.register(Pact)
class PactAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "term", "updated_at")
    list_select_related = ("term__block",)
    search_fields = ("title", "term__block__name")
    readonly_fields = ("document", "document_name", "updated_by")
    inlines = [PactSignatureInline]


@admin.register(Registration)
class RegistrationAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    list_display = ("unit", "term", "status", "submitted_at", "decided_at")
    list_filter = ("status", "term__year")
    search_fields = ("unit__name", "term__block__name")
    list_select_related = ("unit", "term__block")
    filter_horizontal = ("award_types",)
    readonly_fields = ("submitted_by", "decided_by")


@admin.register(CampaignDocument)
class CampaignDocumentAdmin(admin.ModelAdmin):
    """Read-only here: uploads go through the app, where files are checked by content."""

    list_display = ("title", "campaign", "original_name", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("title", "original_name", "campaign__name")
    list_select_related = ("campaign",)
    readonly_fields = CampaignDocumentInline.fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PactSignature)
class PactSignatureAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    term_path = "pact.term"
    list_display = ("unit", "pact", "signer_name", "signer_title", "signed_at")
    list_filter = ("pact__term__year",)
    search_fields = ("unit__name", "signer_name")
    list_select_related = ("unit", "pact__term__block")
    readonly_fields = ("recorded_by",)
