"""How long a phone takes to encrypt a verifiable ballot (docs/verifiable-voting.md §4.3) in Chromium
slowed 4× (CDP Emulation.setCPUThrottlingRate), as a mid-range phone: voting/verifiable/protocol.js's
`encryptBallot` for 30 names (surplus, 8 places), 200 names (surplus, 150 places) and 200 names
(no_surplus). Prints, per case, the first encryption of a fresh page (which also builds the
precomputed tables of G and of the election key H), the time of `prepare(manifest)` building them ahead,
and the median of 5 encryptions after it, with the ratio to the target (30 names under 1 s, 200 names
under 5 s).

    .venv/bin/python bench/verifiable_browser.py [--rate 4] [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from daihoi.core.verifiable import group
from daihoi.core.verifiable.manifest import build_manifest

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "daihoi" / "voting" / "static"
CHROMIUM = "/usr/lib/chromium/chromium"
PAGE = b"""<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<script type="module">import * as V from '/static/voting/verifiable/protocol.js';
window.V = V;</script>"""

CASES = [
    # (label, form, names, places, reasons, content, target seconds)
    (
        "30 names, surplus, 8 places",
        "surplus",
        30,
        8,
        ["too_many", "all_struck"],
        ",".join(map(str, range(9, 31))),
        1.0,
    ),
    (
        "200 names, surplus, 150 places",
        "surplus",
        200,
        150,
        ["too_many", "all_struck"],
        ",".join(map(str, range(151, 201))),
        5.0,
    ),
    ("200 names, no_surplus", "no_surplus", 200, 200, [], "12" * 100, 5.0),
]

TYPES = {".js": "text/javascript"}


class Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return TYPES.get(Path(path).suffix, "application/octet-stream")

    def do_GET(self) -> None:
        if self.path == "/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        relative = path.split("?", 1)[0].removeprefix("/static/")
        target = (STATIC / relative).resolve()
        return str(target) if STATIC.resolve() in target.parents else str(STATIC / "missing")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def manifest(form: str, names: int, places: int, reasons: list[str]) -> dict[str, Any]:
    h = group.base_mul(group.random_scalar())
    return build_manifest(
        poll_uuid="00000000-0000-4000-8000-000000000000",
        congress="Đại hội đại biểu Đảng bộ tỉnh",
        election="Bầu Ban Chấp hành Đảng bộ tỉnh",
        round=1,
        public_key=h,
        threshold=1,
        trustees=[(1, "Ủy viên 1", h)],
        commitments=[[h]],
        candidates=[f"Ứng cử viên {p}" for p in range(1, names + 1)],
        form=form,
        limit=places,
        reasons=reasons,
    )


SETUP = "(arg) => { window.M = arg.m; window.C = V.choiceFromContent(arg.m, arg.content); }"
STEP = """(what) => {
  const t0 = performance.now();
  if (what === 'prepare') V.prepare(window.M);
  else V.encryptBallot(window.M, window.C);
  return performance.now() - t0;
}"""


class Timed:
    """One fresh page, throttled from the start; each step's time (performance.now, in the page)."""

    def __init__(self, browser: Any, url: str, rate: float, arg: dict[str, Any]) -> None:
        self.page = browser.new_page()
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        self.page.goto(url)
        self.page.wait_for_function("window.V !== undefined")
        self.page.evaluate(SETUP, arg)

    def step(self, what: str) -> float:
        return float(self.page.evaluate(STEP, what))

    def close(self) -> None:
        self.page.context.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=4.0, help="CPU throttling rate (default 4)")
    parser.add_argument("--runs", type=int, default=5, help="timed encryptions (default 5)")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"encryptBallot in Chromium, CPU throttled {args.rate:g}x, ms (ratio to the target)")
    print("  cold: the first encryption of a fresh page, building G's and H's tables itself")
    print(f"  prepare: prepare(manifest) building them ahead; then the median of {args.runs} encryptions")
    print(f"  load average at the start: {os.getloadavg()[0]:.1f} (a busy machine slows every figure)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for label, form, names, places, reasons, content, target in CASES:
            arg = {"m": manifest(form, names, places, reasons), "content": content}
            page = Timed(browser, url, args.rate, arg)
            cold = page.step("encrypt")
            page.close()
            page = Timed(browser, url, args.rate, arg)
            prepare = page.step("prepare")
            median = statistics.median(page.step("encrypt") for _ in range(args.runs))
            page.close()
            print(
                f"{label:31s} cold {cold:5.0f} ({cold / 1000 / target:.2f})  prepare {prepare:4.0f}  "
                f"median {median:5.0f} ({median / 1000 / target:.2f})  target {target:g} s"
            )
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
