"""The roll search finds a Party card number typed without its dots (or with other separators)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from daihoi.organizations.services import compact_card_number, search_members


@pytest.fixture
def members(organization):
    from daihoi.organizations.models import Gender, Member, MemberStatus

    rows = [("01.234.567", "Nguyễn Văn An"), ("01.999.001", "Lê Thị Bình"), ("79-123 456", "Trần Văn Cường")]
    return {
        code: Member.objects.create(
            organization=organization,
            member_code=code,
            full_name=name,
            birth_date=datetime.date(1980, 1, 1),
            gender=Gender.MALE,
            status=MemberStatus.OFFICIAL,
        )
        for code, name in rows
    }


def test_compact_card_number():
    assert compact_card_number(" 01.234.567 ") == "01234567"
    assert compact_card_number("79-123 456") == "79123456"
    assert compact_card_number("01/234_567") == "01234567"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("01234567", ["01.234.567"]),  # without the dots
        ("01.234.567", ["01.234.567"]),  # as written
        ("01 234 567", ["01.234.567"]),  # with spaces
        ("234567", ["01.234.567"]),  # a part of it
        ("79123456", ["79-123 456"]),  # stored with other separators
        ("79.123.456", ["79-123 456"]),
        ("99999999", []),
        ("nguyen van an", ["01.234.567"]),  # names still fold accents
        ("Bình", ["01.999.001"]),
    ],
)
def test_search_by_card_number_with_or_without_separators(organization, members, query, expected):
    found = [m.member_code for m in search_members(organization, query=query)]
    assert found == expected


@pytest.mark.django_db
def test_the_roll_page_finds_the_card_without_dots(client, role_users, organization, members):
    client.force_login(role_users["organizer"])
    response = client.get(reverse("organizations:member_list", args=[organization.code]), {"q": "01234567"})
    assert [m.member_code for m in response.context["page"].object_list] == ["01.234.567"]
    assert "Nguyễn Văn An" in response.content.decode()


@pytest.mark.django_db
def test_search_text_stays_the_folded_name(organization, members):
    """The card number is compared on the fly: the search text index keeps the folded name only."""
    member = members["01.234.567"]
    member.full_name = "Nguyễn Văn Ân"
    member.save()
    member.refresh_from_db()
    assert member.search_text == "nguyen van an"
    assert [m.pk for m in search_members(organization, query="01234567")] == [member.pk]
