from django.urls import path

from portal import views

TERM = "blocks/<int:pk>/<int:year>/"

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<int:pk>/", views.province_detail, name="province_detail"),
    path("provinces/<int:pk>/overview/", views.province_overview, name="province_overview"),
    path(
        "provinces/<int:pk>/overview.xlsx",
        views.province_overview_xlsx,
        name="province_overview_xlsx",
    ),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path(TERM, views.term_ranking, name="term_ranking"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
