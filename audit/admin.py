from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: audit entries can be searched and read, never changed or deleted."""

    list_display = ("at", "actor", "action", "object_type", "object_repr", "reason", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "reason", "actor__username", "actor__full_name")
    list_select_related = ("actor",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
