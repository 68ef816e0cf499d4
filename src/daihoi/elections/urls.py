from django.urls import path

from daihoi.elections import actions, views

app_name = "elections"
E = "<slug:org_code>/<id:pk>/"
R = E + "rounds/<id:number>/"
urlpatterns = [
    path("<slug:org_code>/congress/<id:congress_pk>/", views.congress_elections, name="list"),
    path(E, views.election_detail, name="detail"),
    path("<slug:org_code>/congress/<id:congress_pk>/new/", views.create_election, name="create"),
    path(E + "news/", views.news_page, name="news"),
    path(E + "news/save/", views.save_news, name="news_save"),
    path(R + "ballots.pdf", views.ballot_papers, name="ballots"),
    path(R + "count/", views.count_page, name="count"),
    path(R + "totals/", views.totals_page, name="totals"),
    path(R + "reconcile/", views.reconcile_page, name="reconcile"),
    path(R, views.result_page, name="result"),
    path(R + "minutes.<str:fmt>", views.minutes_doc, name="minutes"),
    path(R + "elected.<str:fmt>", views.elected_doc, name="elected"),
    path(R + "log.<str:fmt>", views.log_doc, name="log"),
    *actions.urlpatterns(E, R),
]
