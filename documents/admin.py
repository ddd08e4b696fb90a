from django.contrib import admin

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from documents.models import DocumentHeader


@admin.register(DocumentHeader)
class DocumentHeaderAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    """Read-only once the year is published, like every row its documents rest on."""

    list_display = ("term", "number_symbol", "signer_position", "signer_name", "updated_at")
    list_select_related = ("term__block",)
    search_fields = ("term__block__name", "number_symbol", "signer_name")
    readonly_fields = ("updated_by", "updated_at")
    raw_id_fields = ("term",)
