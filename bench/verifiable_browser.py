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
window.V = V; window.readyAt = performance.now();</script>"""

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


TIME = """async (arg) => {
  const choice = V.choiceFromContent(arg.m, arg.content);
  let t0 = performance.now();
  if (arg.prepare) V.prepare(arg.m);
  const times = [performance.now() - t0];
  for (let k = 0; k < arg.runs; k++) {
    t0 = performance.now();
    V.encryptBallot(arg.m, choice);
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return times;
}"""


def measure(browser: Any, url: str, rate: float, arg: dict[str, Any]) -> tuple[float, list[float]]:
    """In a fresh page throttled from the start: (ms until the module was ready, [prepare, encryptions])."""
    page = browser.new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.goto(url)
    page.wait_for_function("window.V !== undefined")
    ready = page.evaluate("window.readyAt")
    times = page.evaluate(TIME, arg)
    page.context.close()
    return ready, times


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
    print(f"encryptBallot in Chromium, CPU throttled {args.rate:g}x (ms; ratio to the target in brackets)")
    print("  cold: the first encryption of a page, building G's and H's tables itself")
    print(f"  prepare: prepare(manifest) building them ahead; then the median of {args.runs} encryptions")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for label, form, names, places, reasons, content, target in CASES:
            arg = {
                "m": manifest(form, names, places, reasons),
                "content": content,
                "runs": 1,
                "prepare": False,
            }
            _ready, cold = measure(browser, url, args.rate, arg)
            ready, warm = measure(browser, url, args.rate, {**arg, "runs": args.runs, "prepare": True})
            median = statistics.median(warm[1:])
            print(
                f"{label:31s} cold {cold[1]:5.0f} ({cold[1] / 1000 / target:.2f})  prepare {warm[0]:4.0f}  "
                f"median {median:5.0f} ({median / 1000 / target:.2f})  target {target:g} s  "
                f"module ready at {ready:.0f}"
            )
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
