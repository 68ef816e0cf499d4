"""`/healthz`: the load balancer's health check (deploy/haproxy.cfg, deploy/nginx.conf).

200 "ok" when this app server reaches its database (and Redis, when DAIHOI_REDIS_URL is set); 503
otherwise, so the balancer sends no more requests to it. No login, no data, no session: a balancer
asks every 2 s. Plain text for machines, not a page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if getattr(settings, "DAIHOI_REDIS_URL", ""):
            caches["default"].get("healthz")
    except Exception:
        log.warning("health check failed", exc_info=True)
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
