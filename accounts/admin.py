from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "email", "unit", "board_province", "is_active")
    list_filter = ("is_active", "is_superuser", "board_province", "unit__province")
    search_fields = ("username", "full_name", "email", "unit__name")
    list_select_related = ("unit", "board_province")
    autocomplete_fields = ("unit", "board_province")
    filter_horizontal = ("council_blocks", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Work"),
            {
                "fields": (
                    "full_name",
                    "job_title",
                    "phone",
                    "unit",
                    "board_province",
                    "council_blocks",
                    "must_change_password",
                )
            },
        ),
    )
