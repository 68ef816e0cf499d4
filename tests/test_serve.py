"""`daihoi serve` runs the production server and serves pages and static files with no internet."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_login_page_and_static(tmp_path: Path) -> None:
    env = {**os.environ, "DAIHOI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "daihoi.settings.base"}
    env.pop("DATABASE_URL", None)  # the embedded default
    daihoi = [sys.executable, "-m", "daihoi"]
    subprocess.run([*daihoi, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*daihoi, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [*daihoi, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/accounts/login/", timeout=10).read().decode()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not answer")
        assert "Đăng nhập" in page  # Vietnamese by default
        assert 'lang="vi"' in page
        css = urllib.request.urlopen(f"{base}/static/daihoi/daihoi.css", timeout=10)  # noqa: S310
        assert css.status == 200
        htmx_src = page.split('src="')[1].split('"')[0]
        assert htmx_src.startswith("/static/"), "htmx must be served locally, never from a CDN"
        assert urllib.request.urlopen(base + htmx_src, timeout=10).status == 200  # noqa: S310
    finally:
        server.terminate()
        server.wait(timeout=10)
