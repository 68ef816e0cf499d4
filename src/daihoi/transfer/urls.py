from django.urls import path

from daihoi.transfer import views

app_name = "transfer"

urlpatterns = [
    path("c/<slug:org_code>/<id:pk>/package/", views.export_view, name="export"),
    path("o/<slug:org_code>/packages/", views.packages_view, name="packages"),
    path("o/<slug:org_code>/packages/import/", views.import_view, name="import"),
    path("o/<slug:org_code>/packages/keys/", views.trust_view, name="trust"),
]
