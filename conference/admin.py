"""The conference in the Django admin: meetings and attendance are editable; ballots and what
hangs on them are read-only here (their rules live in the services, and a closed ballot is
sealed), so the admin cannot open a side door into a vote."""

from django.contrib import admin

from conference.models import (
    Attendance,
    Ballot,
    BallotOption,
    Cast,
    Elector,
    HandoverRecord,
    Meeting,
    PaperTally,
    PaperTallyLine,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("term", "kind", "held_on", "place", "chair_name")
    list_filter = ("kind", "term__year")
    search_fields = ("term__block__name", "place", "chair_name", "secretary_name")
    list_select_related = ("term__block",)
    raw_id_fields = ("term", "next_term", "created_by")
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("meeting", "unit", "present", "representatives")
    list_filter = ("present",)
    search_fields = ("unit__name", "representatives")
    list_select_related = ("meeting__term__block", "unit")
    raw_id_fields = ("meeting", "unit")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "title", "subject", "method", "status", "outcome")
    list_filter = ("status", "subject", "method", "outcome")
    search_fields = ("title", "meeting__term__block__name")
    list_select_related = ("meeting__term__block",)


@admin.register(BallotOption)
class BallotOptionAdmin(ReadOnlyAdmin):
    list_display = ("ballot", "kind", "unit", "votes")
    search_fields = ("ballot__title", "unit__name")
    list_select_related = ("ballot", "unit")


@admin.register(Elector)
class ElectorAdmin(ReadOnlyAdmin):
    list_display = ("ballot", "unit", "present")
    search_fields = ("ballot__title", "unit__name")
    list_select_related = ("ballot", "unit")


@admin.register(Cast)
class CastAdmin(ReadOnlyAdmin):
    list_display = ("elector", "cast_by", "cast_at")
    search_fields = ("elector__unit__name",)
    list_select_related = ("elector__ballot", "elector__unit", "cast_by")


@admin.register(PaperTally)
class PaperTallyAdmin(ReadOnlyAdmin):
    list_display = ("ballot", "entered_by", "entered_at", "invalid", "accepted")
    search_fields = ("ballot__title",)
    list_select_related = ("ballot", "entered_by")


@admin.register(PaperTallyLine)
class PaperTallyLineAdmin(ReadOnlyAdmin):
    list_display = ("tally", "option", "votes")
    search_fields = ("tally__ballot__title",)
    list_select_related = ("tally__ballot", "option__unit")


@admin.register(HandoverRecord)
class HandoverRecordAdmin(ReadOnlyAdmin):
    list_display = ("handover", "meeting", "ballot")
    search_fields = ("meeting__term__block__name",)
    list_select_related = ("handover__from_term__block", "handover__to_term", "meeting", "ballot")
