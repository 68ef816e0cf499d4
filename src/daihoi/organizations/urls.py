from django.urls import path

from daihoi.organizations import views

app_name = "organizations"
urlpatterns = [
    path("<slug:org_code>/", views.organization_detail, name="detail"),
]
