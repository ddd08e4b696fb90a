from django.urls import path

from campaigns import views

P = "blocks/<int:pk>/<int:year>/"

urlpatterns = [
    # Campaigns (movements) and their adoption
    path(P + "campaigns/", views.campaign_list, name="campaign_list"),
    path(P + "campaigns/new/", views.campaign_create, name="campaign_create"),
    path(P + "campaigns/<int:campaign_pk>/", views.campaign_detail, name="campaign_detail"),
    path(P + "campaigns/<int:campaign_pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path(
        P + "campaigns/<int:campaign_pk>/archive/", views.campaign_archive, name="campaign_archive"
    ),
    path(
        P + "campaigns/<int:campaign_pk>/documents/",
        views.campaign_document_upload,
        name="campaign_document_upload",
    ),
    path(
        P + "documents/<int:document_pk>/",
        views.campaign_document_download,
        name="campaign_document_download",
    ),
    path(P + "campaigns/adoption/", views.adoption_set, name="adoption_set"),
    # Pact
    path(P + "pact/", views.pact_detail, name="pact_detail"),
    path(P + "pact/edit/", views.pact_edit, name="pact_edit"),
    path(P + "pact/sign/", views.pact_sign, name="pact_sign"),
    path(P + "pact/document/", views.pact_document, name="pact_document"),
    # Registrations
    path(P + "registrations/", views.registration_list, name="registration_list"),
    path(P + "registrations/mine/", views.registration_edit, name="registration_edit"),
    path(
        P + "registrations/<int:reg_pk>/decide/",
        views.registration_decide,
        name="registration_decide",
    ),
    # Scale
    path(P + "scale/", views.scale_editor, name="scale_editor"),
    path(P + "scale/create/", views.scale_create, name="scale_create"),
    path(P + "scale/settings/", views.scale_settings, name="scale_settings"),
    path(P + "scale/lines/new/", views.scale_line_create, name="scale_line_create"),
    path(P + "scale/lines/<int:line_pk>/", views.scale_line_edit, name="scale_line_edit"),
    path(
        P + "scale/lines/<int:line_pk>/delete/", views.scale_line_delete, name="scale_line_delete"
    ),
    path(P + "scale/lines/<int:line_pk>/move/", views.scale_line_move, name="scale_line_move"),
    path(P + "scale/submit/", views.scale_submit, name="scale_submit"),
    path(P + "scale/approve/", views.scale_approve, name="scale_approve"),
    path(P + "scale/return/", views.scale_return, name="scale_return"),
    path(P + "scale/new-version/", views.scale_new_version, name="scale_new_version"),
    path(P + "scale/versions/", views.scale_versions, name="scale_versions"),
    path(P + "scale/template.xlsx", views.scale_template, name="scale_template"),
    path(P + "scale/export.xlsx", views.scale_export, name="scale_export"),
    path(P + "scale/import/", views.scale_import, name="scale_import"),
    # The next year
    path(P + "next-year/", views.term_next, name="term_next"),
]
