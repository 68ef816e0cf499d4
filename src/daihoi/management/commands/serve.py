"""`daihoi serve`: the production server (gunicorn, threaded workers) on the hall's LAN or a server."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve daihoi with gunicorn (production-grade WSGI server)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to serve the hall's LAN")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any) -> None:
        self.stdout.write(
            f"daihoi: http://{host}:{port}/  (database: {settings.DATABASES['default']['ENGINE']})"
        )
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "daihoi.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--timeout",
            "120",
            "--no-control-socket",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 — replace this process with the server
