from django.urls import path

from conference import views

CONF = "blocks/<id:pk>/<year:year>/conference/"
MEETING = CONF + "<id:meeting_pk>/"
BALLOT = MEETING + "ballots/<id:ballot_pk>/"

app_name = "conference"

urlpatterns = [
    path(CONF, views.index, name="index"),
    path(f"{CONF}new/", views.meeting_create, name="meeting_create"),
    path(MEETING, views.meeting, name="meeting"),
    path(f"{MEETING}edit/", views.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}attendance/", views.attendance, name="attendance"),
    path(f"{MEETING}handover/", views.handover, name="handover"),
    path(f"{MEETING}screen/", views.screen, name="screen"),
    path(f"{MEETING}screen/live/", views.screen_live, name="screen_live"),
    path(f"{MEETING}ballots/new/", views.ballot_create, name="ballot_create"),
    path(BALLOT, views.ballot, name="ballot"),
    path(f"{BALLOT}open/", views.ballot_open, name="ballot_open"),
    path(f"{BALLOT}close/", views.ballot_close, name="ballot_close"),
    path(f"{BALLOT}vote/", views.ballot_vote, name="ballot_vote"),
    path(f"{BALLOT}counts/", views.ballot_counts, name="ballot_counts"),
    path(f"{BALLOT}tally/", views.ballot_tally, name="ballot_tally"),
    path(f"{BALLOT}new-round/", views.ballot_new_round, name="ballot_new_round"),
]
