from django.urls import path

from results import views

TERM = "blocks/<int:pk>/<int:year>/"

urlpatterns = [
    path(f"{TERM}results/", views.workspace, name="results_workspace"),
    path(f"{TERM}results/tie-policy/", views.tie_policy, name="results_tie_policy"),
    path(f"{TERM}results/bands/", views.bands, name="results_bands"),
    path(f"{TERM}results/incidents/", views.incident_add, name="results_incident_add"),
    path(f"{TERM}results/share/", views.share, name="results_share"),
    path(f"{TERM}results/objections/", views.objection_add, name="results_objection_add"),
    path(
        f"{TERM}results/objections/<int:objection_pk>/answer/",
        views.objection_answer,
        name="results_objection_answer",
    ),
    path(f"{TERM}results/publish/", views.publish, name="results_publish"),
    path(f"{TERM}results/correct/", views.correct, name="results_correct"),
]
