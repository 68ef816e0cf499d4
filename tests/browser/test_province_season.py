"""Issue 14's acceptance test, in Debian's Chromium (CSP on), on the demo's province slice.

The demo loads the bloc committee's season 2025–2030: the seed's 11th congress in session, Chi bộ Sở Tư
pháp's congress held, the others convened, being prepared or planned. The grassroots congresses are run
to a result through the services (the running is not what this test is about): the seed's 11th counts its
committee election and elects its delegation, Đảng bộ Sở Tài chính's opens and elects its committee and
delegation, and so do the two not yet held; every congress closes. Then, through the pages:

- each of the two organizers (the seed's `tochuc`, Sở Tài chính's) submits its result dossier on its
  congress's approval page;
- the bloc's organizer `khoi` approves the seed's (decision number and date typed) and returns Sở Tài
  chính's with a reason; each organization sees its state on its page;
- `khoi` builds the convened list of the bloc's delegates' congress on its page, and the list is exactly
  the delegates (official and alternate) elected below plus the ex-officio delegates.

Screenshots in test-artifacts/test_province_season-*.png.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOC = "dbk-cqdn"
SEED = "vp-ubnd-tinh"
FINANCE = "so-tai-chinh"
DECISION_NUMBER = "125-QĐ/ĐUK"
RETURN_REASON = "Biên bản kiểm phiếu bầu đại biểu thiếu chữ ký của Trưởng Ban Kiểm phiếu"


def _hold(congress: Any, season: Any) -> Any:
    """Run a lower congress to its result: committee and delegation elected, announced, congress closed."""
    from daihoi.elections.demo import hold_peer_congress
    from daihoi.seasons.models import PlanEntry

    entry = PlanEntry.objects.get(season=season, organization=congress.organization)
    hold_peer_congress(
        congress,
        committee_seats=entry.committee_seats,
        delegates=entry.delegates,
        alternates=entry.alternates,
    )
    congress.refresh_from_db()
    return congress


def _finish_seed(congress: Any, season: Any) -> Any:
    """The seed's 11th congress: its committee's round 1 counted and announced, its delegation elected,
    closed."""
    from daihoi.congresses import services as congress_services
    from daihoi.elections import demo as election_demo
    from daihoi.elections import services
    from daihoi.elections.models import ElectionKind
    from daihoi.seasons.models import PlanEntry

    committee = congress.elections.get(kind=ElectionKind.EXECUTIVE_COMMITTEE)
    rnd = committee.rounds.get(number=1)
    names = services.check_list(committee).names
    voters = election_demo.voters_present(congress)
    election_demo.count_round(rnd, election_demo.struck_ballots(names, committee.seats, voters))
    committee.refresh_from_db()
    services.announce(committee, actor=election_demo.ACTOR)
    entry = PlanEntry.objects.get(season=season, organization=congress.organization)
    delegation = services.create_election(
        congress,
        kind=ElectionKind.DELEGATES,
        seats=entry.delegates,
        alternates=entry.alternates,
        actor=election_demo.ACTOR,
    )
    places = entry.delegates + entry.alternates
    listed = places + (1 if places <= 6 else 2)
    for member in election_demo._nominees(congress, listed):
        services.nominate(delegation, member, actor=election_demo.ACTOR)
    rnd = election_demo.approve(delegation)
    election_demo.count_round(rnd, election_demo.struck_ballots(listed, places, voters))
    delegation.refresh_from_db()
    services.announce(delegation, actor=election_demo.ACTOR)
    congress_services.close_congress(congress, actor=election_demo.ACTOR)
    congress.refresh_from_db()
    return congress


@pytest.fixture
def season_run(transactional_db: None) -> dict[str, Any]:
    """The demo, then every congress below the bloc run to its result (services)."""
    from django.contrib.auth import get_user_model

    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.demo import PeerStage, build_peer_congress, run_scenario
    from daihoi.congresses.models import Congress, CongressStatus
    from daihoi.organizations.models import Organization
    from daihoi.seasons.models import Season

    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    season = Season.objects.get(organization__code=BLOC, term_start_year=2025)
    congresses = {}
    for entry in season.entries.select_related("organization"):
        org = entry.organization
        congress = Congress.objects.filter(organization=org, term_start_year=2025).first()
        if congress is None:  # planned only: prepared, convened and checked in now
            congress = build_peer_congress(org, stage=PeerStage.HELD)
        if congress.status == CongressStatus.DRAFT:
            congress = congress_services.convene_congress(congress, actor="demo")
            run_scenario(congress, absent={})
        if congress.status == CongressStatus.CONVENED:
            run_scenario(congress, absent={})
        if org.code == SEED:
            congress = _finish_seed(congress, season)
        elif congress.status != CongressStatus.CLOSED:
            congress = _hold(congress, season)
        assert congress.status == CongressStatus.CLOSED, org.code
        congresses[org.code] = congress
    finance = Organization.objects.get(code=FINANCE)
    user = get_user_model().objects.create_user(username="taichinh", password="taichinh2020")
    RoleAssignment.objects.create(user=user, organization=finance, role=Role.ORGANIZER)
    return {"season": season, "congresses": congresses}


def _login(chromium: Any, live_server: Any, username: str, password: str) -> Any:
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True,
                                   viewport={"width": 1280, "height": 900})  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"
    return page


def _elected_below(season: Any) -> Counter[tuple[str, str]]:
    """(name, kind) of every delegate elected at the congresses below: officials and alternates."""
    from daihoi.congresses.models import Congress
    from daihoi.elections.models import ElectionKind
    from daihoi.elections.services import outcome

    found: Counter[tuple[str, str]] = Counter()
    for entry in season.entries.select_related("organization"):
        congress = Congress.objects.get(
            organization=entry.organization, term_start_year=season.term_start_year
        )
        delegation = congress.elections.get(kind=ElectionKind.DELEGATES)
        result = outcome(delegation)
        assert len(result.elected) == entry.delegates, entry.organization.code
        assert len(result.alternates) == entry.alternates, entry.organization.code
        found.update((d["name"], "elected") for d in result.elected)
        found.update((d["name"], "alternate") for d in result.alternates)
    return found


def test_two_dossiers_approved_and_returned_then_the_upper_congress_convenes_the_delegations(
    chromium: Any, live_server: Any, season_run: dict[str, Any], shot: Any
) -> None:
    from django.utils import timezone

    from daihoi.congresses.models import DelegateKind
    from daihoi.seasons.models import Submission, SubmissionStatus

    season = season_run["season"]
    # The decision is dated the day it is typed: never before the dossier was submitted (today).
    decision_date = timezone.localdate()
    seed, finance = season_run["congresses"][SEED], season_run["congresses"][FINANCE]
    contexts = []

    # 0. The bloc's plan page: every organization below it, its congress held and counted.
    khoi = _login(chromium, live_server, "khoi", "khoi2020")
    contexts.append(khoi.context)
    khoi.goto(f"{live_server.url}/s/{BLOC}/{season.pk}/")
    plan = khoi.content()
    stages = {}
    for entry in season.entries.select_related("organization"):
        assert entry.organization.name in plan
        stages[entry.organization.code] = khoi.locator(f"#entry-{entry.pk}").get_attribute("data-stage")
    # Every result announced; the one the demo submitted (Chi bộ Sở Tư pháp's) awaits approval.
    assert stages == dict.fromkeys(stages, "counted") | {"so-tu-phap": "approval_pending"}
    shot(khoi, "plan-counted")

    # 1. Each organizer submits its result dossier on its congress's approval page.
    for (username, password), congress in (
        (("tochuc", "tochuc2020"), seed),
        (("taichinh", "taichinh2020"), finance),
    ):
        page = _login(chromium, live_server, username, password)
        contexts.append(page.context)
        page.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/approval/")
        shot(page, f"{congress.organization.code}-before")
        page.check("#submit-confirm")
        with page.expect_navigation():
            page.click("#submit-button")
        assert page.locator("#approval-stage .approval-submitted").count() == 1
        assert congress.organization.superior.name in page.locator("#approval-stage").inner_text()
        shot(page, f"{congress.organization.code}-submitted")
    submitted = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    assert set(submitted.values_list("congress", flat=True)) >= {seed.pk, finance.pk}

    # 2. The bloc's organizer reviews its inbox: approves the seed's, returns Sở Tài chính's.
    khoi.goto(f"{live_server.url}/s/{BLOC}/approvals/")
    body = khoi.content()
    assert seed.organization.name in body
    assert finance.organization.name in body
    shot(khoi, "inbox")
    seed_submission = Submission.objects.get(congress=seed)
    khoi.goto(f"{live_server.url}/s/{BLOC}/approvals/{seed_submission.pk}/")
    khoi.fill("#decision-number", DECISION_NUMBER)
    khoi.fill("#decision-date", decision_date.strftime("%d/%m/%Y"))
    khoi.check("#approve-confirm")
    shot(khoi, "approve-form")
    with khoi.expect_navigation():
        khoi.click("#approve-button")
    assert khoi.locator("#approval-stage .approval-approved").count() == 1
    shot(khoi, "approved")
    finance_submission = Submission.objects.get(congress=finance)
    khoi.goto(f"{live_server.url}/s/{BLOC}/approvals/{finance_submission.pk}/")
    khoi.fill("#return-reason", RETURN_REASON)
    khoi.check("#return-confirm")
    with khoi.expect_navigation():
        khoi.click("#return-button")
    assert khoi.locator("#approval-stage .approval-returned").count() == 1
    shot(khoi, "returned")
    seed_submission.refresh_from_db()
    finance_submission.refresh_from_db()
    assert seed_submission.status == SubmissionStatus.APPROVED
    assert seed_submission.decision_number == DECISION_NUMBER
    assert seed_submission.decision_date == decision_date
    assert finance_submission.status == SubmissionStatus.RETURNED
    assert finance_submission.return_reason == RETURN_REASON

    # 3. Each organization sees its state on its page.
    for page, congress in zip(contexts[1:3], (seed, finance), strict=True):
        tab = page.pages[0]
        tab.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/approval/")
        stage = tab.locator("#approval-stage")
        if congress == seed:
            assert stage.locator(".approval-approved").count() == 1
            assert DECISION_NUMBER in tab.locator("#approved-box").inner_text()
            assert decision_date.strftime("%d/%m/%Y") in tab.locator("#approved-box").inner_text()
        else:
            assert stage.locator(".approval-returned").count() == 1
            assert tab.locator("#submissions .return-reason").inner_text() == RETURN_REASON
        shot(tab, f"{congress.organization.code}-state")

    # 4. The bloc builds its delegates' congress's convened list on its page: exactly the delegations
    # elected below (officials and alternates) plus the ex officio, nobody retyped.
    khoi.goto(f"{live_server.url}/s/{BLOC}/{season.pk}/upper/")
    shot(khoi, "upper-before")
    with khoi.expect_navigation():
        khoi.get_by_role("button", name="Lập danh sách triệu tập", exact=True).click()
    khoi.wait_for_load_state()
    shot(khoi, "upper-built")
    season.refresh_from_db()
    upper = season.upper_congress
    listed = Counter(
        (d.full_name, d.kind)
        for d in upper.delegates.filter(kind__in=[DelegateKind.ELECTED, DelegateKind.ALTERNATE])
    )
    assert listed == _elected_below(season)
    ex_officio = sorted(
        upper.delegates.filter(kind=DelegateKind.EX_OFFICIO).values_list("full_name", flat=True)
    )
    assert ex_officio == sorted(season.ex_officio.values_list("full_name", flat=True))
    assert upper.delegates.count() == sum(listed.values()) + len(ex_officio)
    # Every elected delegate names the congress that elected them.
    assert not upper.delegates.exclude(kind=DelegateKind.EX_OFFICIO).filter(elected_in__isnull=True).exists()
    for name, _kind in list(listed)[:3]:
        assert name in khoi.content()
    for context in contexts:
        context.close()
