from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("healthz/live", views.live, name="live"),
    path("healthz/ready", views.ready, name="ready"),
]
