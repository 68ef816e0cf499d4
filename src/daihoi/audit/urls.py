from django.urls import path

from daihoi.audit import views

app_name = "audit"
urlpatterns = [
    path("<slug:org_code>/", views.audit_log, name="log"),
]
