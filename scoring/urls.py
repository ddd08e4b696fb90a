from django.urls import path

from scoring import views

app_name = "scoring"

YEAR = "blocks/<id:pk>/<year:year>/scoring/"
SHEET = YEAR + "units/<id:unit>/"

urlpatterns = [
    path(YEAR, views.my_sheet, name="home"),
    path(YEAR + "progress/", views.progress, name="progress"),
    path(YEAR + "review/", views.review, name="review"),
    path(YEAR + "open/", views.open_scoring, name="open"),
    path(YEAR + "extend/", views.extend_window, name="extend"),
    path(YEAR + "end-review/", views.end_review, name="end_review"),
    path(SHEET, views.sheet, name="sheet"),
    path(SHEET + "submit/", views.sheet_submit, name="sheet_submit"),
    path(SHEET + "review/", views.sheet_review, name="sheet_review"),
    path(SHEET + "return/", views.sheet_return, name="sheet_return"),
    path(SHEET + "verify/", views.sheet_verify, name="sheet_verify"),
    path(SHEET + "reopen/", views.sheet_reopen, name="sheet_reopen"),
    path(SHEET + "criteria/<id:criterion>/history/", views.score_history, name="score_history"),
    path(SHEET + "criteria/<id:criterion>/query/", views.query_raise, name="query_raise"),
    path(SHEET + "queries/<id:query>/answer/", views.query_answer, name="query_answer"),
    path(SHEET + "queries/<id:query>/resolve/", views.query_resolve, name="query_resolve"),
    path(SHEET + "evidence/<id:evidence>/", views.evidence_download, name="evidence"),
    path(SHEET + "evidence/<id:evidence>/remove/", views.evidence_remove, name="evidence_remove"),
]
