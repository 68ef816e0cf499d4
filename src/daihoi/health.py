"""`/healthz`: the load balancer's health check (deploy/haproxy.cfg, deploy/nginx.conf).

200 "ok" when this app server reaches its database; 503 otherwise, so the balancer sends no more
requests to it. Redis is not checked: every server shares it, and without it pages still work (sessions
are read from the database, live fragments re-render), so a Redis outage must not take every server out.
No login, no data, no session: a balancer asks every second. Plain text for machines, not a page.
"""

from __future__ import annotations

import logging

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
    except Exception:
        log.warning("health check failed", exc_info=True)
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
