from django.urls import path

from daihoi.organizations import province_views, views

app_name = "organizations"
urlpatterns = [
    path("new/", views.organization_create, name="create"),
    path("import-province/", province_views.province_import, name="province_import"),
    path("import-province/confirm/", province_views.province_import_confirm, name="province_import_confirm"),
    path("import-province/passwords.xlsx", province_views.province_passwords, name="province_passwords"),
    path(
        "import-province/template.xlsx", province_views.province_template_download, name="province_template"
    ),
    path("<slug:org_code>/", views.organization_detail, name="detail"),
    path("<slug:org_code>/edit/", views.organization_edit, name="edit"),
    path("<slug:org_code>/tree/", views.organization_tree, name="tree"),
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
