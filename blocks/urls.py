from django.urls import path

from blocks import views

app_name = "blocks"

PROVINCE = "provinces/<id:pk>/"
BLOCK = "blocks/<id:pk>/manage/"
TERM = "blocks/<id:pk>/<year:year>/leadership/"

urlpatterns = [
    path(f"{PROVINCE}blocks/", views.province_blocks, name="province_blocks"),
    path(f"{PROVINCE}blocks/new/", views.block_create, name="block_create"),
    path(f"{PROVINCE}units/new/", views.unit_create, name="unit_create"),
    path(f"{PROVINCE}units/reorganise/", views.unit_reorganise, name="unit_reorganise"),
    path(BLOCK, views.block_manage, name="block_manage"),
    path(f"{BLOCK}edit/", views.block_edit, name="block_edit"),
    path(f"{BLOCK}archive/", views.block_archive, name="block_archive"),
    path(f"{BLOCK}members/add/", views.membership_add, name="membership_add"),
    path(f"{BLOCK}members/<id:membership>/end/", views.membership_end, name="membership_end"),
    path(f"{BLOCK}rotation/", views.rotation_order, name="rotation_order"),
    path(TERM, views.term_leadership, name="term_leadership"),
    path(f"{TERM}delegate/", views.delegation_create, name="delegation_create"),
    path(f"{TERM}<id:delegation>/revoke/", views.delegation_revoke, name="delegation_revoke"),
    path(f"{TERM}cutoff/", views.term_cutoff, name="term_cutoff"),
]
