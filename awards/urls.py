from django.urls import path

from awards import views

TERM = "blocks/<id:pk>/<year:year>/awards/"
PROVINCE = "provinces/<id:pk>/awards/"

app_name = "awards"

urlpatterns = [
    path(TERM, views.term_awards, name="term"),
    path(f"{TERM}propose/", views.propose, name="propose"),
    path(f"{TERM}submit/", views.submit, name="submit"),
    path(f"{TERM}<id:proposal_pk>/vote/", views.vote, name="vote"),
    path(f"{TERM}<id:proposal_pk>/withdraw/", views.withdraw, name="withdraw"),
    path(PROVINCE, views.province_queue, name="province_queue"),
    path(f"{PROVINCE}share/", views.share, name="share"),
    path(f"{PROVINCE}decide/", views.decide, name="decide"),
    path(f"{PROVINCE}<id:proposal_pk>/review/", views.review, name="review"),
    path("awards/<id:pk>/decision/", views.decision_file, name="decision_file"),
]
