from django.urls import path

from daihoi.seasons import exports, views

app_name = "seasons"
urlpatterns = [
    path("<slug:org_code>/", views.season_list, name="list"),
    path("<slug:org_code>/new/", views.season_create, name="create"),
    path("<slug:org_code>/<id:season_pk>/", views.plan, name="plan"),
    path("<slug:org_code>/<id:season_pk>/entries/<id:entry_pk>/", views.entry_save, name="entry_save"),
    path("<slug:org_code>/<id:season_pk>/plan.xlsx", exports.plan_xlsx, name="plan_xlsx"),
    path("<slug:org_code>/<id:season_pk>/allocation/", views.allocation, name="allocation"),
    path("<slug:org_code>/<id:season_pk>/allocation/confirm/", views.allocation_confirm, name="allocate"),
]
