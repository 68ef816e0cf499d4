"""Extension points for the elections app: projector panels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.congresses import hooks


@pytest.fixture
def election_panel():
    def panel(congress):
        rows = [("Nguyễn Văn An", "41 (95,35%)", True), ("Trần Văn Bình", "20 (46,51%)", False)]
        return [
            ("congresses/_panel.html", {"label": "Kết quả bầu cử", "title": "Ban Chấp hành", "rows": rows})
        ]

    hooks.register_projector_panel(panel)
    yield panel
    hooks.unregister_projector_panel(panel)


def test_projector_shows_registered_panel(client, convened, django_user_model, election_panel):
    from daihoi.accounts.models import RoleAssignment

    user = django_user_model.objects.create_user(username="proj", password="x")
    RoleAssignment.objects.create(user=user, organization=convened.organization, role="observer")
    client.force_login(user)
    url = reverse(
        "congresses:projector_state", kwargs={"org_code": convened.organization.code, "pk": convened.pk}
    )
    html = client.get(url).content.decode()
    assert "Ban Chấp hành" in html
    assert "41 (95,35%)" in html
    hooks.unregister_projector_panel(election_panel)
    assert "Ban Chấp hành" not in client.get(url).content.decode()
