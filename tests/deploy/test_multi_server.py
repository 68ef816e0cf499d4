"""Three app servers behind HAProxy on a fresh PostgreSQL database and Redis db (docs/deployment.md).

A congress runs through the balancer (log in, convene, check in at the desk, open the session, an open
vote); a check-in through one server shows in another server's quorum fragment within a second; then one
app server is SIGKILLed while desks keep checking in: every check-in acknowledged before or after the
kill is in the database, none twice, and the balancer keeps serving.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from province_cluster import Client, Province, missing_requirements

DATABASE_URL = os.environ.get("DATABASE_URL", "")
WHY = missing_requirements(DATABASE_URL)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(bool(WHY), reason=WHY or "ready"),
]

PRESENT = re.compile(r'data-present="(\d+)"')


@pytest.fixture(scope="module")
def province():
    p = Province(DATABASE_URL, "redis://127.0.0.1:6379/2", servers=3, workers=1, threads=8)
    p.create_database()
    try:
        p.seed_data = p.seed(congresses=1, delegates=60, stage="draft", prefix="ms")  # type: ignore[attr-defined]
        p.start()
        yield p
    finally:
        p.stop()
        p.drop_database()


def _present(client: Client, base: str, path: str) -> int:
    response = client.get(base + path + "quorum/", timeout=5)
    assert response.status_code == 200, response.status_code
    found = PRESENT.search(response.text)
    assert found, response.text[:300]
    return int(found.group(1))


def test_a_congress_through_three_servers_and_one_dies(province):
    seed = province.seed_data
    congress = seed["congresses"][0]
    path = f"/c/{congress['org']}/{congress['pk']}/"
    codes = congress["codes"]
    lb = province.url()
    a, b, c = (province.url(port) for port in province.ports)

    desk = Client(lb)
    desk.login(seed["username"], seed["password"])
    # The session lives in PostgreSQL and Redis: every server knows it.
    for base in (a, b, c):
        assert desk.get(base + path, timeout=10).status_code == 200

    assert desk.form(path + "convene/", {}).status_code == 302
    assert province.sql("SELECT status FROM congresses_congress WHERE id = %s", [congress["pk"]]) == [
        ("convened",)
    ]

    # A check-in through server A is in server B's quorum fragment within a second.
    before = _present(desk, b, path)
    tag = desk.get(b + path + "quorum/", timeout=5).headers["ETag"]
    assert desk.get(b + path + "quorum/", headers={"If-None-Match": tag}, timeout=5).status_code == 304
    answer = desk.form(path + "desk/", {"code": codes[0]}, htmx=True, base=a, timeout=10)
    assert answer.status_code == 200
    assert 'data-code="checked_in"' in answer.text
    acknowledged_at = time.monotonic()
    seen = None
    while time.monotonic() - acknowledged_at < 1.0:
        response = desk.get(b + path + "quorum/", headers={"If-None-Match": tag}, timeout=5)
        if response.status_code == 200 and int(PRESENT.search(response.text).group(1)) == before + 1:
            seen = time.monotonic() - acknowledged_at
            break
        time.sleep(0.05)
    assert seen is not None, "server B did not show server A's check-in within 1 s"
    # ... and through the balancer (whichever server answers).
    assert _present(desk, lb, path) == before + 1

    # More check-ins at the desk through the balancer, then the session opens and an open vote runs.
    for code in codes[1:45]:
        answer = desk.form(path + "desk/", {"code": code}, htmx=True, timeout=10)
        assert answer.status_code == 200
        assert 'data-code="checked_in"' in answer.text
    assert _present(desk, c, path) == 45  # quorum: 2/3 of 60
    assert desk.form(path + "open/", {}).status_code == 302
    assert province.sql("SELECT status FROM congresses_congress WHERE id = %s", [congress["pk"]]) == [
        ("open",)
    ]
    made = desk.form(path + "votes/", {"kind": "presidium", "title": "Đoàn Chủ tịch", "nominees": "1, 2, 3"})
    assert made.status_code == 302
    vote_id = int(re.search(r"/votes/(\d+)/", made.headers["Location"]).group(1))
    assert desk.form(path + f"votes/{vote_id}/open/", {}).status_code == 302
    assert province.sql("SELECT status FROM congresses_openvote WHERE id = %s", [vote_id]) == [("open",)]
    assert province.sql("SELECT status FROM congresses_congress WHERE id = %s", [congress["pk"]]) == [
        ("open",)
    ]
    projector = desk.get(lb + path + "projector/state/", timeout=10)
    assert projector.status_code == 200
    assert "Đoàn Chủ tịch" in projector.text

    # One app server dies (SIGKILL) while three desks check in the last delegates through the balancer.
    remaining = codes[45:]
    acknowledged: list[str] = []
    failed: list[tuple[str, str]] = []
    lock = threading.Lock()
    killed = threading.Event()
    after_kill: list[str] = []

    def desk_worker(mine: list[str]) -> None:
        client = Client(lb)
        client.cookies.update(desk.cookies)
        for code in mine:
            while True:
                try:
                    r = client.form(path + "desk/", {"code": code}, htmx=True, timeout=10)
                    ok = r.status_code == 200 and re.search(
                        r'data-code="(checked_in|already_present)"', r.text
                    )
                    outcome = "ok" if ok else f"HTTP {r.status_code}"
                except Exception as exc:  # a connection cut by the kill: the desk tries again
                    outcome = type(exc).__name__
                with lock:
                    if outcome == "ok":
                        acknowledged.append(code)
                        if killed.is_set():
                            after_kill.append(code)
                    else:
                        failed.append((code, outcome))
                if outcome == "ok":
                    break
                time.sleep(0.2)  # a real desk shows the error and the clerk scans again
            time.sleep(0.05)

    workers = [threading.Thread(target=desk_worker, args=(remaining[i::3],)) for i in range(3)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < len(remaining) // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    province.kill(province.ports[0])  # a third of the check-ins done: mid-load
    killed.set()
    for w in workers:
        w.join(60)
    assert not any(w.is_alive() for w in workers)

    assert after_kill, "the kill came after the last check-in: not mid-load"
    # Every acknowledged check-in is in the database, and none counted twice.
    assert sorted(acknowledged) == sorted(remaining), failed
    rows = province.sql(
        "SELECT checkin_code, present FROM congresses_delegate WHERE congress_id = %s", [congress["pk"]]
    )
    present = {code for code, is_present in rows if is_present}
    assert set(acknowledged) <= present
    assert len(present) == len(codes)
    logged = province.sql(
        "SELECT object_id, count(*) FROM audit_auditentry WHERE action = 'congress.delegate.checked_in' "
        "GROUP BY object_id HAVING count(*) > 1"
    )
    assert logged == []
    assert province.sql(
        "SELECT count(*) FROM audit_auditentry WHERE action = 'congress.delegate.checked_in'"
    ) == [(len(codes),)]

    # The balancer keeps serving with two servers; every answer now is 200.
    answers = [desk.get(lb + path + "quorum/", timeout=5) for _ in range(20)]
    assert [r.status_code for r in answers] == [200] * 20
    assert all(f'data-present="{len(codes)}"' in r.text for r in answers)
    assert province.sql("SELECT count(*) FROM congresses_openvote WHERE status = 'open'") == [(1,)]
    print(
        f"\ncross-server check-in visible after {seen * 1000:.0f} ms; "
        f"failed attempts during the kill: {failed}"
    )
