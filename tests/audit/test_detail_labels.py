"""Every data key the code base logs reads as Vietnamese words in the audit log's details column."""

from __future__ import annotations

import dataclasses
import datetime
import re
from types import SimpleNamespace

import pytest
from data_keys import collect
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from daihoi.audit.details import KEY_LABELS, details_text, key_label
from daihoi.audit.services import log_action

FOUND = collect()

# What the static reader cannot follow, and where those keys are checked instead (below).
KNOWN_DYNAMIC = {
    "organizations/roll_import.py": "source",  # the import's file/sha256/rows: test_nested_keys_have_labels
    "organizations/services.py": "_audit_value",  # a member's fields: test_nested_keys_have_labels
}


def test_the_collector_reads_every_pattern():
    for key, pattern in (
        ("username", "a dict literal"),
        ("ip", "a call of a function returning a dict (_client)"),
        ("delegates", "a spread of a function's dict (congress_contents)"),
        ("superior_body", "a spread of a local dict (**values)"),
        ("level", "data=data, a local dict"),
        ("election", "the log_step wrapper's own key"),
        ("support", "a log_step keyword argument"),
    ):
        assert key in FOUND.keys, (key, pattern)
    assert len(FOUND.keys) >= 80
    unresolved = {line.split(":", 1)[0]: line for line in FOUND.unresolved}
    assert set(unresolved) == set(KNOWN_DYNAMIC), FOUND.unresolved
    for path, expression in KNOWN_DYNAMIC.items():
        assert expression in unresolved[path], unresolved[path]


def test_every_logged_key_has_a_label():
    missing = {key: where for key, where in FOUND.keys.items() if key not in KEY_LABELS}
    assert not missing, f"add a label in src/daihoi/audit/details.py KEY_LABELS for: {missing}"


def test_nested_keys_have_labels():
    from daihoi.congresses.figures import Quorum
    from daihoi.organizations.models import Member, Organization

    quorum = {f.name for f in dataclasses.fields(Quorum)} | {"valid", "absent"}
    roll_source = {"file", "sha256", "rows"}
    totals = {"valid", "invalid", "votes"}
    missing = (quorum | roll_source | totals) - set(KEY_LABELS)
    assert not missing, missing
    with translation.override("vi"):
        for model, object_type in (
            (Member, "organizations.member"),
            (Organization, "organizations.organization"),
        ):
            for f in model._meta.concrete_fields:
                if f.name not in ("id", "sort_key", "search_text"):
                    assert key_label(f.name, object_type) != "khác", (object_type, f.name)


def test_every_key_label_is_translated_to_vietnamese():
    with translation.override("en"):
        english = {key: str(label) for key, label in KEY_LABELS.items()}
    with translation.override("vi"):
        untranslated = [text for key, text in english.items() if str(KEY_LABELS[key]) == text]
    assert not untranslated, untranslated


def _entry(action, data, object_type=""):
    return SimpleNamespace(action=action, data=data, object_type=object_type)


def test_values_read_as_words():
    with translation.override("vi"):
        text = details_text(
            _entry(
                "election.candidate.nominated",
                {"source": "floor", "support": None, "status": "proposed", "reason": "Lý do"},
            )
        )
        assert text.startswith("Nguồn giới thiệu: Đề cử tại đại hội; Số tán thành: —"), text
        assert "Trạng thái: Có tên trong danh sách; Lý do: Lý do" in text
        assert details_text(_entry("accounts.role.granted", {"username": "an", "role": "observer"})) == (
            "Tên đăng nhập: an; Vai trò: Quan sát viên"
        )
        assert (
            details_text(_entry("congress.delegate.absence_recorded", {"accepted": True}))
            == "Lý do được chấp nhận: có"
        )
        assert details_text(_entry("system.database.restored", {"chain_ok": False})).endswith(": không")
        assert details_text(_entry("congress.created", {"kind": "delegates", "starts_on": "2025-06-30"})) == (
            "Loại: Đại hội đại biểu; Bắt đầu: 30/06/2025"
        )
        assert "bầu nhiều hơn số lượng cần bầu" in details_text(
            _entry("election.ballot.resolved", {"flag": "too_many"})
        )
        nested = details_text(
            _entry("congress.opened", {"quorum": {"present": 20, "met": True, "basis": "voters"}})
        )
        assert nested == "Túc số: có mặt: 20, đạt: có, tính trên: những người có quyền biểu quyết", nested
        assert details_text(_entry("x.y", {"mystery": [1, None, True]})) == "Khác: 1, —, có"
        assert details_text(_entry("x.y", {"mystery": "None"})) == "Khác: —"


@pytest.mark.django_db
def test_the_audit_page_shows_details_in_words(client, role_users, organization):
    from daihoi.organizations.models import Gender, Member, MemberStatus

    member = Member.objects.create(
        organization=organization,
        member_code="01.000.001",
        full_name="Nguyễn Văn An",
        birth_date=datetime.date(1980, 1, 1),
        gender=Gender.MALE,
        status=MemberStatus.OFFICIAL,
    )
    actor = role_users["organizer"]
    with transaction.atomic():
        log_action(
            "accounts.role.granted", actor=actor, obj=actor, data={"username": "an", "role": "observer"}
        )
        log_action(
            "election.candidate.nominated",
            actor=actor,
            organization=organization,
            data={
                "election": 999,
                "member": member.pk,
                "source": "floor",
                "support": None,
                "status": "proposed",
            },
        )
        log_action(
            "accounts.user.logged_in",
            actor=actor,
            obj=actor,
            data={"ip": "127.0.0.1", "agent": "Mozilla/5.0"},
        )
        log_action("congress.opened", actor=actor, organization=organization, data={"quorum": {"met": False}})
        log_action("plugin.thing.done", actor=actor, organization=organization, data={"mystery_key": True})
    client.force_login(actor)
    html = client.get(reverse("audit:log", args=[organization.code])).content.decode()
    cells = re.findall(r'<td class="details">(.*?)</td>', html, re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", " ".join(cells)))
    for phrase in (
        "Vai trò: Quan sát viên",
        "Đảng viên: Nguyễn Văn An",
        "Nguồn giới thiệu: Đề cử tại đại hội",
        "Số tán thành: —",
        "Trạng thái: Có tên trong danh sách",
        "Địa chỉ IP: 127.0.0.1",
        "Túc số: đạt: không",
        "Khác: có",
    ):
        assert phrase in text, (phrase, text)
    for raw in ("None", "True", "False", "=", "floor", "observer", "mystery_key", "source", "support", "ip:"):
        assert raw not in text, (raw, text)
