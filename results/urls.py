from django.urls import path

from results import views

urlpatterns = [
    path("", views.home, name="home"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("blocks/<int:pk>/<int:year>/", views.term_ranking, name="term_ranking"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
