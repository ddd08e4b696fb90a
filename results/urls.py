from django.urls import path

from results import next_year_views, views

TERM = "blocks/<id:pk>/<year:year>/"

app_name = "results"

urlpatterns = [
    path(f"{TERM}results/", views.workspace, name="workspace"),
    path(f"{TERM}results/tie-policy/", views.tie_policy, name="tie_policy"),
    path(f"{TERM}results/bands/", views.bands, name="bands"),
    path(f"{TERM}results/incidents/", views.incident_add, name="incident_add"),
    path(f"{TERM}results/share/", views.share, name="share"),
    path(f"{TERM}results/objections/", views.objection_add, name="objection_add"),
    path(
        f"{TERM}results/objections/<id:objection_pk>/answer/",
        views.objection_answer,
        name="objection_answer",
    ),
    path(f"{TERM}results/publish/", views.publish, name="publish"),
    path(f"{TERM}results/correct/", views.correct, name="correct"),
    # Prepare the next year (scale and movements from campaigns, tie policy and bands from here)
    path(f"{TERM}next-year/", next_year_views.term_next, name="term_next"),
    path("provinces/<id:pk>/bands/", views.province_bands, name="province_bands"),
]
