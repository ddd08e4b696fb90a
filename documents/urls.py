from django.urls import path

from documents import views

TERM = "blocks/<id:pk>/<year:year>/"

app_name = "documents"

urlpatterns = [
    path(f"{TERM}xep-hang.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path(f"{TERM}bang-diem.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path(f"{TERM}xep-hang.pdf", views.ranking_pdf, name="ranking_pdf"),
    path(f"{TERM}xep-hang.docx", views.ranking_docx, name="ranking_docx"),
    path(f"{TERM}units/<id:unit_pk>/sheet.pdf", views.unit_pdf, name="unit_pdf"),
    path(f"{TERM}units/<id:unit_pk>/sheet.docx", views.unit_docx, name="unit_docx"),
    path(f"{TERM}documents/header/", views.header, name="header"),
    path(f"{TERM}to-trinh-khen-thuong.pdf", views.award_letter_pdf, name="award_letter_pdf"),
    path(f"{TERM}to-trinh-khen-thuong.docx", views.award_letter_docx, name="award_letter_docx"),
    path(f"{TERM}decision/<id:version>/", views.decision_file, name="decision_file"),
    # The minutes of a conference (the meeting itself is the conference app's)
    path(f"{TERM}conference/<id:meeting_pk>/bien-ban.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        f"{TERM}conference/<id:meeting_pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"
    ),
]
