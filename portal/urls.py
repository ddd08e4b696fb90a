from django.urls import path

from portal import views

TERM = "blocks/<int:pk>/<int:year>/"

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<int:pk>/", views.province_detail, name="province_detail"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path(TERM, views.term_ranking, name="term_ranking"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
