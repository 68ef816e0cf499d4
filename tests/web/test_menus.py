"""Every role's menus lead only where the user may go, and a delegate lands on the congress in session.

The crawl starts at the home page (its cards are its menu) and a few pages a user may find themselves on
(a congress, its documents), follows every link of the header, the page's menu and the organization bar,
and requires each to answer 200 for that user.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

ROLES = ["organizer", "presidium", "counting_committee", "delegate", "observer", "outsider"]


class MenuLinks(HTMLParser):
    """hrefs of <a> inside <header> and <nav> (and <main> when `main` is set)."""

    def __init__(self, main: bool = False) -> None:
        super().__init__()
        self.containers = {"header", "nav", *(["main"] if main else [])}
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.containers:
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(urlsplit(href).path)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.containers and self.depth:
            self.depth -= 1


def menu_links(html: str, main: bool = False) -> list[str]:
    parser = MenuLinks(main)
    parser.feed(html)
    return parser.links


@pytest.fixture
def congress_in_session(organization, role_users):
    from daihoi.congresses.models import Congress, CongressDocument, CongressStatus, Delegate, DelegateKind

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
        congress=congress,
        number=7,
        full_name="Trần Thị Đại Biểu",
        kind=DelegateKind.MEMBER,
        user=role_users["delegate"],
        present=True,
    )
    CongressDocument.objects.create(
        congress=congress, kind="political_report", title="Báo cáo chính trị", file="congress-documents/a.pdf"
    )
    return congress


def crawl(client, seeds: list[str], limit: int = 80) -> tuple[dict[str, int], list[str]]:
    """Status of every menu link reached from `seeds`; the failures as "page -> link: status"."""
    statuses: dict[str, int] = {}
    failures: list[str] = []
    queue: list[tuple[str, str]] = [("", seed) for seed in seeds]
    seen: set[str] = set()
    while queue and len(seen) < limit:
        source, url = queue.pop(0)
        if url in seen or url == reverse("accounts:logout"):
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        if source and response.status_code != 200:
            failures.append(f"{source} -> {url}: {response.status_code}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        links = menu_links(html, main=url == reverse("home"))
        queue.extend((url, link) for link in links if link not in seen)
    return statuses, failures


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_the_role(client, role_users, organization, congress_in_session, role):
    client.force_login(role_users[role])
    c = congress_in_session
    seeds = [
        reverse("home"),
        reverse("organizations:detail", args=[organization.code]),
        reverse("congresses:detail", args=[organization.code, c.pk]),
        reverse("congresses:documents", args=[organization.code, c.pk]),
    ]
    statuses, failures = crawl(client, seeds)
    assert not failures, f"{role}: menu links that do not open: {failures}"
    assert statuses[reverse("home")] == 200
    followed = [url for url in statuses if url not in seeds]
    assert followed, f"{role}: the crawl followed no link"


@pytest.mark.django_db
def test_counting_committee_menu_has_no_check_in_desk(client, role_users, organization, congress_in_session):
    client.force_login(role_users["counting_committee"])
    html = client.get(reverse("congresses:detail", args=[organization.code, congress_in_session.pk])).content
    links = menu_links(html.decode())
    assert reverse("congresses:desk", args=[organization.code, congress_in_session.pk]) not in links
    assert reverse("elections:list", args=[organization.code, congress_in_session.pk]) in links


@pytest.mark.django_db
def test_delegate_home_leads_to_the_congress_documents(client, role_users, organization, congress_in_session):
    documents = reverse("congresses:documents", args=[organization.code, congress_in_session.pk])
    client.force_login(role_users["delegate"])
    html = client.get(reverse("home")).content.decode()
    assert documents in menu_links(html, main=True)
    assert "Mở tài liệu đại hội" in html
    assert "Báo cáo chính trị" in client.get(documents).content.decode()


@pytest.mark.django_db
def test_delegate_lands_on_the_documents_after_login(client, role_users, organization, congress_in_session):
    documents = reverse("congresses:documents", args=[organization.code, congress_in_session.pk])
    login = reverse("accounts:login")
    response = client.post(login, {"username": "delegate", "password": "pw-delegate"})
    assert response.status_code == 302
    assert response["Location"] == documents
    client.logout()
    # the login page reached from the home page (?next=/) lands there too; any other page is kept
    response = client.post(login + "?next=/", {"username": "delegate", "password": "pw-delegate"})
    assert response["Location"] == documents
    client.logout()
    other = reverse("organizations:detail", args=[organization.code])
    response = client.post(login + "?next=" + other, {"username": "delegate", "password": "pw-delegate"})
    assert response["Location"] == other


@pytest.mark.django_db
def test_staff_and_absent_delegates_land_on_home(client, role_users, organization, congress_in_session):
    login = reverse("accounts:login")
    response = client.post(login, {"username": "organizer", "password": "pw-organizer"})
    assert response["Location"] == reverse("home")
    client.logout()
    congress_in_session.delegates.update(present=False)
    response = client.post(login, {"username": "delegate", "password": "pw-delegate"})
    assert response["Location"] == reverse("home")
    html = client.get(reverse("home")).content.decode()
    documents = reverse("congresses:documents", args=[organization.code, congress_in_session.pk])
    assert documents not in html  # not yet readable: no link, the reason instead
    assert "sau khi bạn điểm danh" in html
