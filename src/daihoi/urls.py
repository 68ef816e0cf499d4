from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from daihoi import health, views
from daihoi.voting import board_views
from daihoi.voting.ceremony_views import device_urlpatterns as trustee_device_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),  # the load balancer's check (docs/deployment.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("daihoi.accounts.urls")),
    path("audit/", include("daihoi.audit.urls")),
    path("o/", include("daihoi.organizations.urls")),
    path("c/", include("daihoi.congresses.urls")),
    path("c/", include("daihoi.dossier_docs.urls")),
    path("c/", include("daihoi.voting.staff_urls")),
    path("", include("daihoi.seasons.approval_urls")),  # /c/<org>/<pk>/approval/, /s/<org>/approvals/
    path("v/", include("daihoi.voting.urls")),
    path("k/", include((trustee_device_urls(), "trustee"))),  # a key holder's device (/t/ is targets')
    path("board/", include("daihoi.voting.board_urls")),
    path("e/", include("daihoi.elections.urls")),
    path("t/", include("daihoi.targets.urls")),
    path("s/", include("daihoi.seasons.urls")),
    path("", include("daihoi.transfer.urls")),  # c/<org>/<pk>/package/, o/<org>/packages/…
    path("api/", include("daihoi.api_urls")),
    path("", include("daihoi.seasons.upper_urls")),  # /s/<org>/<season>/upper/, /c/<org>/<pk>/credentials/
    path("admin/", admin.site.urls),
    # The public board's pages (no login); /board/<uuid>.json is the poll service's (voting.board_urls).
    path("board/", include((board_views.urlpatterns(), "board_pages"))),
]

# Error pages in Vietnamese, in the site's layout (templates 400/403/404/500.html).
handler400 = "daihoi.views.bad_request"
handler403 = "daihoi.views.permission_denied"
handler404 = "daihoi.views.page_not_found"
handler500 = "daihoi.views.server_error"

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
