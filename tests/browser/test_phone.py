"""On a 390 × 844 phone the pages fit the width, the menus fold into one line, and dates read dd/mm/yyyy."""

from __future__ import annotations

import datetime

import pytest

PHONE = {"width": 390, "height": 844}
MENU_SHARE = 0.20


@pytest.fixture
def roll(organization):
    from daihoi.organizations.models import Gender, Member, MemberStatus

    branches = list(organization.children.order_by("code"))
    for i in range(25):
        Member.objects.create(
            organization=organization,
            branch=branches[i % 2],
            member_code=f"01.{i:03d}.{1000 + i}",
            full_name=f"Nguyễn Thị Phương Thảo {chr(65 + i)}",
            birth_date=datetime.date(1970 + i, 1 + i % 12, 1 + i),
            gender=Gender.FEMALE if i % 2 else Gender.MALE,
            ethnicity="Kinh" if i % 3 else "Sán Chay",
            status=MemberStatus.PROBATIONARY if i % 5 == 0 else MemberStatus.OFFICIAL,
        )
    return organization


def _measure(page):
    return page.evaluate(
        """() => {
          const height = (selector) => {
            const el = document.querySelector(selector);
            return el ? el.getBoundingClientRect().height : 0;
          };
          return {
            scrollWidth: document.documentElement.scrollWidth,
            menus: height('header.topbar') + height('nav.orgbar'),
            viewport: window.innerHeight,
          };
        }"""
    )


def _assert_fits(page, where):
    m = _measure(page)
    assert m["scrollWidth"] <= PHONE["width"], f"{where}: the page scrolls sideways ({m['scrollWidth']} px)"
    assert m["menus"] < MENU_SHARE * m["viewport"], f"{where}: menus take {m['menus']} of {m['viewport']} px"
    return m


def test_home_and_roll_fit_a_phone(live_server, login, shot, roll):
    page = login("organizer")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    _assert_fits(page, "home")
    shot(page, "home")

    page.goto(f"{live_server.url}/o/{roll.code}/members/")
    page.wait_for_selector("#members")
    _assert_fits(page, "roll")
    # the member table never widens the page: it fits, or scrolls inside its own box
    box = page.evaluate(
        "() => { const t = document.querySelector('#members').parentElement;"
        " return {width: t.getBoundingClientRect().width, overflow: getComputedStyle(t).overflowX}; }"
    )
    assert box["width"] <= PHONE["width"]
    assert box["overflow"] == "auto"
    assert not page.locator("#members th.col-secondary").first.is_visible()  # gender, ethnicity, branch
    shot(page, "roll")

    # the search finds the card typed without dots
    page.fill("input[name=q]", "010121012")
    page.wait_for_function("() => document.querySelectorAll('#members tbody tr').length === 1")
    assert "01.012.1012" in page.inner_text("#members tbody")

    # one "Menu" button unfolds the page's menu and the user box; the organization bar stays one line
    assert not page.locator(".mainnav").is_visible()
    page.click("label.menu-button")
    assert page.locator(".mainnav a", has_text="Nhập danh sách").is_visible()
    assert page.locator(".userbox button.link").is_visible()  # log out
    shot(page, "menu-open")
    page.click("label.menu-button")
    assert not page.locator(".mainnav").is_visible()


def test_desktop_keeps_the_menus_in_view(live_server, login, roll):
    page = login("organizer")
    page.goto(f"{live_server.url}/o/{roll.code}/members/")
    assert not page.locator("label.menu-button").is_visible()
    assert page.locator(".mainnav a", has_text="Nhập danh sách").is_visible()
    assert page.locator(".orgbar a", has_text="Đại hội").is_visible()


def test_delegate_on_a_phone_reaches_the_documents(live_server, page, shot, role_users, organization):
    from daihoi.congresses.models import Congress, CongressStatus, Delegate, DelegateKind

    congress = Congress.objects.create(
        organization=organization,
        number=10,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2025, 6, 2),
        status=CongressStatus.OPEN,
    )
    Delegate.objects.create(
        congress=congress, number=7, full_name="Trần Thị Lan", kind=DelegateKind.MEMBER,
        user=role_users["delegate"], present=False,
    )  # fmt: skip
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "pw-delegate")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert page.url == live_server.url + "/"  # not checked in yet: home, with the reason
    assert page.get_by_text("sau khi bạn điểm danh").is_visible()
    _assert_fits(page, "delegate home")
    shot(page, "before-check-in")

    Delegate.objects.filter(congress=congress).update(present=True)
    page.goto(live_server.url + "/")
    page.click("a.primary-card")
    page.wait_for_url(f"**/c/{organization.code}/{congress.pk}/documents/")
    _assert_fits(page, "documents")
    shot(page, "documents")


def test_dates_read_dd_mm_yyyy_in_an_english_chromium(chromium, live_server, shot, role_users, organization):
    """An English browser shows its own date picker as mm/dd/yyyy; daihoi's fields are dd/mm/yyyy text."""
    context = chromium.new_context(locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "organizer")
        page.fill("#id_password", "pw-organizer")
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        page.goto(f"{live_server.url}/audit/{organization.code}/?date_from=2025-06-01")
        field = page.locator("#id_date_from")
        assert field.get_attribute("type") == "text"
        assert field.input_value() == "01/06/2025"
        assert page.locator("#id_date_to").get_attribute("placeholder") == "dd/mm/yyyy"
        page.goto(f"{live_server.url}/c/{organization.code}/")
        page.fill("#id_starts_on", "20/06/2025")
        page.locator("#id_starts_on").scroll_into_view_if_needed()
        assert page.locator("#id_starts_on").input_value() == "20/06/2025"
        assert _measure(page)["scrollWidth"] <= PHONE["width"]
        shot(page, "congress-form-en-browser")
        page.goto(f"{live_server.url}/audit/{organization.code}/?date_from=2025-06-01")
        shot(page, "audit-filter-en-browser")
    finally:
        context.close()
