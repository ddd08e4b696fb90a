from django.urls import path

from portal import views

TERM = "blocks/<id:pk>/<year:year>/"

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<id:pk>/", views.province_detail, name="province_detail"),
    path("provinces/<id:pk>/overview/", views.province_overview, name="province_overview"),
    path(
        "provinces/<id:pk>/overview.xlsx",
        views.province_overview_xlsx,
        name="province_overview_xlsx",
    ),
    path("blocks/<id:pk>/", views.block_detail, name="block_detail"),
    path(TERM, views.term_ranking, name="term_ranking"),
    path("units/<id:pk>/", views.unit_detail, name="unit_detail"),
]
