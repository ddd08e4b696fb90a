from django.contrib import admin

from awards.models import AwardPolicy, AwardProposal


@admin.register(AwardProposal)
class AwardProposalAdmin(admin.ModelAdmin):
    list_display = ("term", "unit", "award_type", "status", "granted_type", "decision_number")
    list_filter = ("status", "award_type", "term__year")
    search_fields = ("unit__name", "term__block__name", "decision_number")
    list_select_related = ("term__block", "unit", "award_type", "granted_type")
    raw_id_fields = ("term", "unit", "proposed_by", "submitted_by", "reviewed_by", "decided_by")


@admin.register(AwardPolicy)
class AwardPolicyAdmin(admin.ModelAdmin):
    list_display = ("province", "government_flag_share", "updated_at")
    list_select_related = ("province",)
    search_fields = ("province__name",)
    raw_id_fields = ("updated_by",)
