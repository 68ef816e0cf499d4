"""Under the Content-Security-Policy (script-src 'self', no eval) the pages' scripts still work in
Chromium and the browser reports no violation: the targets' "Add a target" (its script moved from
hx-on / hx-vals="js:…" attributes into targets/proposal.js), htmx's polling, the log-in form."""

from __future__ import annotations

from typing import Any

TEXT = (
    "NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ VĂN PHÒNG UBND TỈNH LẦN THỨ X, NHIỆM KỲ 2020 - 2025\n"
    "Hằng năm có 90% trở lên chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên.\n"
)


def _watch(page: Any) -> list[str]:
    """Collects every CSP violation the page reports (the DOM event and the console's error)."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_add_target_rows_under_the_policy(live_server, login, shot, organization):
    page = login("organizer")
    violations = _watch(page)
    base = f"{live_server.url}/t/{organization.code}"
    response = page.goto(base + "/extract/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#source-text", TEXT)
    page.click("#propose")
    page.wait_for_selector("#proposal-form")
    before = page.locator("fieldset.target-row").count()
    assert page.input_value("#row-count") == str(before)
    page.click("#add-target-row")
    page.wait_for_function(f"document.querySelectorAll('fieldset.target-row').length === {before + 1}")
    page.click("#add-target-row")
    page.wait_for_function(f"document.querySelectorAll('fieldset.target-row').length === {before + 2}")
    page.wait_for_function(f"document.getElementById('row-count').value === '{before + 2}'")
    # Each new row got its own number: the server was asked for row `before`, then `before + 1`.
    assert page.locator(f"[name^='t-{before}-']").count() > 0
    assert page.locator(f"[name^='t-{before + 1}-']").count() > 0
    shot(page, "added-rows")
    assert not violations, violations


def test_a_planted_inline_script_does_not_run(live_server, login, organization):
    """What the policy is for: markup that reaches a page with a script in it is not executed."""
    page = login("organizer")
    violations = _watch(page)
    page.goto(f"{live_server.url}/t/{organization.code}/extract/")
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__planted = 1';
            document.body.appendChild(s);
            const b = document.createElement('div');
            b.innerHTML = '<img src="x" onerror="window.__planted = 2">';
            document.body.appendChild(b);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__planted") is None
    assert violations  # Chromium reported the refusals


def test_api_docs_render_offline_under_the_policy(live_server, login, shot):
    """Swagger UI from the server's own static files renders its operations, with no violation and no
    request leaving the server."""
    page = login("organizer")
    violations = _watch(page)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 5
    shot(page, "api-docs")
    assert not violations, violations
    assert not [u for u in outside if not u.startswith("data:")], outside
