from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blocks.admin_mixins import PublishedTermReadOnlyMixin
from blocks.models import (
    Block,
    Delegation,
    FlagHandover,
    Membership,
    Province,
    Term,
    Unit,
    UnitLineage,
)
from emulation.collation import vi

# Names in Vietnamese order, by default and when a column header is clicked: the database sorts
# (the list is paginated) with the collation `vi()` names, ICU's on PostgreSQL and SQLite alike.


@admin.display(description=_("name"), ordering=vi("name"))
def vi_name(obj) -> str:
    return obj.name


@admin.display(description=_("unit"), ordering=vi("unit__name"))
def vi_unit(obj) -> str:
    return obj.unit.name


@admin.display(description=_("block"), ordering=vi("block__name"))
def vi_block(obj) -> str:
    return obj.block.name


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", vi_name, "successor", "merged_on")
    ordering = (vi("name"),)
    search_fields = ("code", "name")
    list_select_related = ("successor",)


class LineageInline(admin.TabularInline):
    model = UnitLineage
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (vi_name, "short_name", "kind", "province", "active_from", "active_to")
    ordering = (vi("name"),)
    list_filter = ("province", "kind")
    search_fields = ("name", "short_name")
    list_select_related = ("province",)
    inlines = [LineageInline]


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_on")
    list_filter = ("kind",)
    search_fields = ("predecessor__name", "successor__name")
    list_select_related = ("predecessor", "successor")
    autocomplete_fields = ("predecessor", "successor")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = (vi_name, "kind", "province", "rotation_policy", "archived")
    ordering = (vi("name"),)
    list_filter = ("province", "kind", "rotation_policy", "archived")
    search_fields = ("name",)
    list_select_related = ("province",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = (vi_unit, vi_block, "valid_from", "valid_to")
    ordering = (vi("unit__name"), vi("block__name"), "valid_from")
    list_filter = ("block__province", "block")
    search_fields = ("unit__name", "block__name")
    list_select_related = ("unit", "block")
    autocomplete_fields = ("unit", "block")


@admin.register(Term)
class TermAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    """A published year (its leader, deputy and status included) is read-only."""

    term_path = ""
    list_display = ("block", "year", "leader", "deputy", "status")
    list_filter = ("status", "year", "block__province")
    search_fields = ("block__name", "leader__name", "deputy__name")
    list_select_related = ("block", "leader", "deputy")
    autocomplete_fields = ("block", "leader", "deputy")


@admin.register(FlagHandover)
class FlagHandoverAdmin(admin.ModelAdmin):
    list_display = ("from_term", "to_term", "handed_on", "place")
    search_fields = ("from_term__block__name", "place")
    list_select_related = ("from_term__block", "to_term__block")
    date_hierarchy = "handed_on"


@admin.register(Delegation)
class DelegationAdmin(PublishedTermReadOnlyMixin, admin.ModelAdmin):
    """Recorded through the year's leadership page; a published year's is read-only."""

    term_path = "term"
    list_display = ("term", "deputy", "starts_on", "ends_on", "source", "revoked_at")
    list_filter = ("source", "term__block__province")
    search_fields = ("term__block__name", "deputy__name", "reason")
    list_select_related = ("term__block", "deputy")
    autocomplete_fields = ("term", "deputy")
    raw_id_fields = ("created_by", "revoked_by")
