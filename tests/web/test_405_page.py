"""An action's address opened by GET answers a Vietnamese page in the layout, not a blank 405."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_action_opened_by_get_is_a_vietnamese_page(client, role_users, organization):
    import datetime

    from daihoi.congresses.models import Congress

    congress = Congress.objects.create(organization=organization, number=10, term_start_year=2025,
                                       term_end_year=2030, starts_on=datetime.date(2025, 6, 1),
                                       ends_on=datetime.date(2025, 6, 1))  # fmt: skip
    client.force_login(role_users["organizer"])
    url = reverse("congresses:convene", kwargs={"org_code": organization.code, "pk": congress.pk})
    response = client.get(url)
    assert response.status_code == 405
    page = response.content.decode()
    assert 'data-status="405"' in page
    assert "không phải là một trang" in page
    assert f'href="/c/{organization.code}/{congress.pk}/"' in page  # back to the congress page
    assert response["Allow"]
    congress.refresh_from_db()
    assert congress.status == "draft"  # nothing was done
