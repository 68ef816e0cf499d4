from django.contrib.auth import views as auth_views
from django.urls import path

from daihoi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.DaihoiLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("links/", views.link_requests, name="link_requests"),
    path("links/<id:request_id>/accept/", views.link_accept, name="link_accept"),
    path("links/<id:request_id>/decline/", views.link_decline, name="link_decline"),
    path("<slug:org_code>/users/", views.user_list, name="users"),
    path("<slug:org_code>/users/new/", views.user_create, name="user_create"),
    path("<slug:org_code>/users/<id:user_id>/", views.user_detail, name="user"),
    path("<slug:org_code>/users/<id:user_id>/grant/", views.role_grant, name="role_grant"),
    path("<slug:org_code>/users/<id:user_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("<slug:org_code>/users/<id:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("<slug:org_code>/users/<id:user_id>/activate/", views.user_activate, name="user_activate"),
    path("<slug:org_code>/users/<id:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path(
        "<slug:org_code>/users/<id:user_id>/links/<id:request_id>/accept/",
        views.user_link_accept,
        name="user_link_accept",
    ),
    path(
        "<slug:org_code>/users/<id:user_id>/links/<id:request_id>/decline/",
        views.user_link_decline,
        name="user_link_decline",
    ),
]
