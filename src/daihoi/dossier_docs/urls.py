from django.urls import path

from daihoi.dossier_docs import views

app_name = "dossier_docs"
urlpatterns = [
    path("<slug:org_code>/<id:pk>/approval-dossier.zip", views.approval_dossier_zip, name="approval_dossier"),
]
