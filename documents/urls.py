from django.urls import path

from documents import views

TERM = "blocks/<int:pk>/<int:year>/"

urlpatterns = [
    path(f"{TERM}xep-hang.xlsx", views.ranking_xlsx, name="export_ranking_xlsx"),
    path(f"{TERM}bang-diem.xlsx", views.matrix_xlsx, name="export_matrix_xlsx"),
    path(f"{TERM}xep-hang.pdf", views.ranking_pdf, name="export_ranking_pdf"),
    path(f"{TERM}xep-hang.docx", views.ranking_docx, name="export_ranking_docx"),
    path(f"{TERM}units/<int:unit_pk>/sheet.pdf", views.unit_pdf, name="export_unit_pdf"),
    path(f"{TERM}units/<int:unit_pk>/sheet.docx", views.unit_docx, name="export_unit_docx"),
    path(f"{TERM}decision/<int:version>/", views.decision_file, name="decision_file"),
]
