from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from daihoi import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("daihoi.accounts.urls")),
    path("audit/", include("daihoi.audit.urls")),
    path("o/", include("daihoi.organizations.urls")),
    path("c/", include("daihoi.congresses.urls")),
    path("e/", include("daihoi.elections.urls")),
    path("t/", include("daihoi.targets.urls")),
    path("api/", include("daihoi.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
