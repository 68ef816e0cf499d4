"""daihoi.inputs: the parsing helpers and the guard every model save passes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import translation

from daihoi.inputs import ID_MAX, INT_MAX, InputError, form_int, object_id, parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" -3 ", -3),
        ("abc", None),
        ("²", None),
        ("１２", None),
        ("1e3", None),
        ("9" * 20, None),
        ("", None),
    ],
)
def test_parse_int_takes_ascii_whole_numbers_only(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999", str(ID_MAX + 1), "²", None, ""])
def test_object_id_of_anything_not_an_id_is_zero(value):
    assert object_id(value) == 0


def test_object_id_keeps_a_real_id():
    assert object_id(" 42 ") == 42
    assert object_id(str(ID_MAX)) == ID_MAX


def test_form_int_names_the_field_and_the_bounds_in_vietnamese():
    with translation.override("vi"), pytest.raises(InputError) as refused:
        form_int("99999999999999999999", field="số lượng", low=0)
    assert refused.value.message == (
        f"“số lượng” phải là số nguyên từ 0 đến {INT_MAX} (đã nhập “99999999999999999999”)."
    )
    assert form_int("", field="x", default=7) == 7
    assert form_int(" 5 ", field="x", low=1, high=5) == 5


@pytest.mark.django_db
def test_saving_a_text_longer_than_its_column_is_refused_on_every_database(organization):
    from daihoi.congresses.models import Congress

    congress = Congress(
        organization=organization,
        number=10,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
        place="Đ" * 1000,
    )
    limit = Congress._meta.get_field("place").max_length
    with translation.override("vi"), pytest.raises(InputError) as refused:
        congress.save()
    assert f"tối đa {limit} ký tự (đã nhập 1000 ký tự)" in refused.value.message
    assert not Congress.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_saving_a_number_outside_its_column_range_is_refused(organization):
    from daihoi.congresses.models import Congress

    congress = Congress(
        organization=organization,
        number=-1,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
    )
    with translation.override("vi"), pytest.raises(InputError) as refused:
        congress.save()
    assert "phải là số nguyên từ 0 đến 32767 (đã nhập “-1”)" in refused.value.message
    assert not Congress.objects.filter(organization=organization).exists()


def test_an_id_of_20_digits_in_an_address_is_not_found():
    with pytest.raises(Resolver404):
        resolve("/e/vp-ubnd-tinh/99999999999999999999/")
    assert resolve(f"/e/vp-ubnd-tinh/{ID_MAX}/").kwargs["pk"] == ID_MAX


@pytest.mark.django_db
def test_a_nul_character_in_a_request_is_a_400_page(client):
    """PostgreSQL cannot store or compare a NUL character: the request is refused before any view."""
    assert client.get("/o/vp-ubnd-tinh/members/", {"q": "a\x00b"}).status_code == 400
    response = client.post("/c/vp-ubnd-tinh/1/desk/", {"code": "\x00"})
    assert response.status_code == 400
    assert 'data-status="400"' in response.content.decode()
