"""The delegates' congress of a season (`/s/<org>/<season>/upper/`) and its credentials
(`/c/<org>/<congress>/credentials/`); included at the site's root."""

from django.urls import path

from daihoi.seasons import upper_views as views

app_name = "upper"
S = "s/<slug:org_code>/<id:season_pk>/upper/"
C = "c/<slug:org_code>/<id:pk>/credentials/"
urlpatterns = [
    path(S, views.upper_page, name="page"),
    path(S + "create/", views.upper_create, name="create"),
    path(S + "ex-officio/add/", views.ex_officio_add, name="ex_officio_add"),
    path(S + "ex-officio/remove/", views.ex_officio_remove, name="ex_officio_remove"),
    path(S + "ex-officio/move/", views.ex_officio_move, name="ex_officio_move"),
    path(S + "ex-officio/import/", views.ex_officio_import, name="ex_officio_import"),
    path(S + "build/", views.build_list, name="build"),
    path(C, views.credentials_page, name="credentials"),
    path(C + "check/", views.credentials_check, name="credentials_check"),
    path(C + "flag/", views.credentials_flag, name="credentials_flag"),
    path(C + "clear/", views.credentials_clear, name="credentials_clear"),
    path(C + "replace/", views.credentials_replace, name="credentials_replace"),
]
