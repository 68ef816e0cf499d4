"""Every action code the code base logs reads as a Vietnamese phrase on the audit pages."""

from __future__ import annotations

import re

import pytest
from action_codes import collect
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from daihoi.audit.labels import ACTION_LABELS, action_choices, action_label, object_label
from daihoi.audit.services import log_action

FOUND = collect()


def test_the_collector_reads_every_pattern():
    """Plain strings, conditionals, `or`, variables and the elections wrapper's f-string all resolve."""
    assert not FOUND.unresolved, FOUND.unresolved
    for code in (
        "accounts.user.logged_in",  # a string
        "accounts.user.reactivated",  # "a" if ... else "b"
        "congress.delegate.check_in_undone",  # a variable, then `action or "..."`
        "election.created",  # _log("created") -> f"election.{action}"
        "election.ballot.changed",  # _log(f"ballot.{action}") with action = "entered" / "changed"
        "system.database.restored",
    ):
        assert code in FOUND.codes, code
    assert len(FOUND.codes) >= 60


def test_every_logged_action_has_a_label():
    missing = {code: where for code, where in FOUND.codes.items() if code not in ACTION_LABELS}
    assert not missing, f"add a label in src/daihoi/audit/labels.py for: {missing}"


def test_every_label_is_translated_to_vietnamese():
    with translation.override("en"):
        english = {code: str(label) for code, label in ACTION_LABELS.items()}
    with translation.override("vi"):
        untranslated = [text for code, text in english.items() if str(ACTION_LABELS[code]) == text]
    assert not untranslated, untranslated


def test_unknown_codes_still_read_in_vietnamese():
    with translation.override("vi"):
        assert action_label("accounts.user.logged_in") == "Đăng nhập"
        assert action_label("election.something_new") == "Bầu cử: thao tác khác"
        assert action_label("plugin.x.y") == "Thao tác khác"
        assert object_label("organizations.member") == "đảng viên"
        assert object_label("no_such.model") == "bản ghi"
        assert ("accounts.", "Tất cả: Người dùng") in action_choices(["accounts.user.logged_in"])


@pytest.mark.django_db
def test_the_audit_page_shows_phrases_not_codes(client, role_users, organization):
    with transaction.atomic():
        log_action("accounts.user.logged_in", actor=role_users["organizer"], obj=role_users["organizer"])
        log_action("organizations.roll.imported", actor=role_users["organizer"], organization=organization)
        log_action("election.round.mystery", actor=role_users["organizer"], organization=organization)
    client.force_login(role_users["organizer"])
    html = client.get(reverse("audit:log", args=[organization.code])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # visible text only
    for phrase in ("Đăng nhập", "Nhập danh sách đảng viên từ Excel", "Bầu cử: thao tác khác", "Người dùng #"):
        assert phrase in text, phrase
    codes = ("accounts.user.logged_in", "organizations.roll.imported", "election.round.mystery", "auth.user")
    for code in codes:
        assert code not in text, code
    # the filter offers the phrases and keeps the codes as values
    assert '<option value="organizations.roll.imported">Nhập danh sách đảng viên từ Excel</option>' in html
    filtered = client.get(reverse("audit:log", args=[organization.code]), {"action": "organizations."})
    assert [e.action for e in filtered.context["page"].object_list] == ["organizations.roll.imported"]
