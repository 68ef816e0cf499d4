from django.urls import path

from daihoi.organizations import views

app_name = "organizations"
urlpatterns = [
    path("new/", views.organization_create, name="create"),
    path("<slug:org_code>/", views.organization_detail, name="detail"),
    path("<slug:org_code>/edit/", views.organization_edit, name="edit"),
    path("<slug:org_code>/deactivate/", views.organization_deactivate, name="deactivate"),
    path("<slug:org_code>/branches/new/", views.branch_create, name="branch_create"),
    path("<slug:org_code>/members/", views.member_list, name="member_list"),
    path("<slug:org_code>/members/new/", views.member_create, name="member_create"),
    path("<slug:org_code>/members/<id:member_id>/edit/", views.member_edit, name="member_edit"),
    path(
        "<slug:org_code>/members/<id:member_id>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "<slug:org_code>/members/<id:member_id>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path("<slug:org_code>/members/import/", views.roll_import_view, name="roll_import"),
    path("<slug:org_code>/members/template.xlsx", views.roll_template_download, name="roll_template"),
    path("<slug:org_code>/members/export.xlsx", views.roll_export_download, name="roll_export"),
]
