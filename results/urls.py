from django.urls import path

from results import views

TERM = "blocks/<int:pk>/<int:year>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<int:pk>/", views.province_detail, name="province_detail"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path(TERM, views.term_ranking, name="term_ranking"),
    path(f"{TERM}xep-hang.xlsx", views.export_ranking_xlsx, name="export_ranking_xlsx"),
    path(f"{TERM}bang-diem.xlsx", views.export_matrix_xlsx, name="export_matrix_xlsx"),
    path(f"{TERM}xep-hang.pdf", views.export_ranking_pdf, name="export_ranking_pdf"),
    path(f"{TERM}xep-hang.docx", views.export_ranking_docx, name="export_ranking_docx"),
    path(f"{TERM}units/<int:unit_pk>/sheet.pdf", views.export_unit_pdf, name="export_unit_pdf"),
    path(f"{TERM}units/<int:unit_pk>/sheet.docx", views.export_unit_docx, name="export_unit_docx"),
    path(f"{TERM}decision/<int:version>/", views.decision_file, name="decision_file"),
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
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
