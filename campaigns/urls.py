from django.urls import path

from campaigns.views import movements, pact, registrations, scale

app_name = "campaigns"

P = "blocks/<id:pk>/<year:year>/"

urlpatterns = [
    # Campaigns (movements) and their adoption
    path(P + "campaigns/", movements.campaign_list, name="campaign_list"),
    path(P + "campaigns/new/", movements.campaign_create, name="campaign_create"),
    path(P + "campaigns/<id:campaign_pk>/", movements.campaign_detail, name="campaign_detail"),
    path(P + "campaigns/<id:campaign_pk>/edit/", movements.campaign_edit, name="campaign_edit"),
    path(
        P + "campaigns/<id:campaign_pk>/archive/",
        movements.campaign_archive,
        name="campaign_archive",
    ),
    path(
        P + "campaigns/<id:campaign_pk>/documents/",
        movements.campaign_document_upload,
        name="campaign_document_upload",
    ),
    path(
        P + "documents/<id:document_pk>/",
        movements.campaign_document_download,
        name="campaign_document_download",
    ),
    path(P + "campaigns/adoption/", movements.adoption_set, name="adoption_set"),
    # Pact
    path(P + "pact/", pact.pact_detail, name="pact_detail"),
    path(P + "pact/edit/", pact.pact_edit, name="pact_edit"),
    path(P + "pact/sign/", pact.pact_sign, name="pact_sign"),
    path(P + "pact/document/", pact.pact_document, name="pact_document"),
    # Registrations
    path(P + "registrations/", registrations.registration_list, name="registration_list"),
    path(P + "registrations/mine/", registrations.registration_edit, name="registration_edit"),
    path(
        P + "registrations/<id:reg_pk>/decide/",
        registrations.registration_decide,
        name="registration_decide",
    ),
    # Scale
    path(P + "scale/", scale.scale_editor, name="scale_editor"),
    path(P + "scale/create/", scale.scale_create, name="scale_create"),
    path(P + "scale/settings/", scale.scale_settings, name="scale_settings"),
    path(P + "scale/lines/new/", scale.scale_line_create, name="scale_line_create"),
    path(P + "scale/lines/<id:line_pk>/", scale.scale_line_edit, name="scale_line_edit"),
    path(P + "scale/lines/<id:line_pk>/delete/", scale.scale_line_delete, name="scale_line_delete"),
    path(P + "scale/lines/<id:line_pk>/move/", scale.scale_line_move, name="scale_line_move"),
    path(P + "scale/submit/", scale.scale_submit, name="scale_submit"),
    path(P + "scale/approve/", scale.scale_approve, name="scale_approve"),
    path(P + "scale/return/", scale.scale_return, name="scale_return"),
    path(P + "scale/new-version/", scale.scale_new_version, name="scale_new_version"),
    path(P + "scale/versions/", scale.scale_versions, name="scale_versions"),
    path(P + "scale/template.xlsx", scale.scale_template, name="scale_template"),
    path(P + "scale/export.xlsx", scale.scale_export, name="scale_export"),
    path(P + "scale/import/", scale.scale_import, name="scale_import"),
    # The next year
]
