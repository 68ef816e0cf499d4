from django.urls import path

from daihoi.targets import exports, views

app_name = "targets"
urlpatterns = [
    path("<slug:org_code>/", views.dashboard, name="dashboard"),
    path("<slug:org_code>/extract/", views.extract_page, name="extract"),
    path("<slug:org_code>/extract/row/", views.proposal_row, name="proposal_row"),
    path("<slug:org_code>/confirm/", views.confirm, name="confirm"),
    path("<slug:org_code>/ratings/<id:year>/", views.ratings, name="ratings"),
    path("<slug:org_code>/ratings/<id:year>/save/", views.ratings_save, name="ratings_save"),
    path("<slug:org_code>/ratings/<id:year>/import/", views.ratings_import, name="ratings_import"),
    path(
        "<slug:org_code>/ratings/<id:year>/template.xlsx",
        views.ratings_template_download,
        name="ratings_template",
    ),
    path("<slug:org_code>/discipline/", views.discipline, name="discipline"),
    path("<slug:org_code>/discipline/record/", views.discipline_record, name="discipline_record"),
    path("<slug:org_code>/figures/", views.actuals, name="actuals"),
    path("<slug:org_code>/figures/save/", views.actuals_save, name="actuals_save"),
    path("<slug:org_code>/figures/template.xlsx", views.actuals_template, name="actuals_template"),
    path("<slug:org_code>/figures/import/", views.actuals_import, name="actuals_import"),
    path(
        "<slug:org_code>/figures/import/confirm/", views.actuals_import_confirm, name="actuals_import_confirm"
    ),
    path("<slug:org_code>/report/<id:year>/", exports.report_page, name="report"),
    path("<slug:org_code>/report/<id:year>.<str:fmt>", exports.report_download, name="report_download"),
    path("<slug:org_code>/resolution.<str:fmt>", exports.resolution_download, name="resolution_download"),
    path("<slug:org_code>/data.xlsx", exports.data_download, name="data_download"),
]
