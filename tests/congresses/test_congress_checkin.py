"""Convened list, check-in (idempotent, coded errors, undo) and the live quorum."""

from __future__ import annotations

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import CODE_ALPHABET, Delegate, DelegateKind
from daihoi.organizations.models import Member


def test_generated_list_follows_the_roll_rules(roll_org):
    suspended = Member.objects.filter(organization=roll_org).order_by("id")[4]
    suspended.suspended = True
    suspended.save()
    c = services.create_congress(
        roll_org,
        number=3,
        term_start_year=2020,
        term_end_year=2025,
        starts_on=__import__("datetime").date(2020, 6, 16),
    )
    assert services.generate_convened_list(c) == 49
    row = c.delegates.get(member=suspended)
    assert not row.convened
    assert row.not_convened_reason
    probationary = c.delegates.filter(is_official=False)
    assert probationary.count() == 5
    assert all(p.convened and not p.has_vote for p in probationary)
    assert sorted(c.delegates.values_list("number", flat=True)) == list(range(1, 51))
    with pytest.raises(CongressError) as err:
        services.generate_convened_list(c)
    assert err.value.code == "list_exists"


def test_checkin_codes_are_secret_and_distinct(congress):
    codes = list(congress.delegates.values_list("checkin_code", flat=True))
    assert len(set(codes)) == len(codes) == 50
    assert all(len(c) == 10 and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_check_in_by_code_is_idempotent(convened):
    d = convened.delegates.get(number=7)
    first = services.check_in_delegate(convened, d.checkin_code.lower())
    second = services.check_in_delegate(convened, d.checkin_code)
    assert (first.code, second.code) == ("checked_in", "already_present")
    assert AuditEntry.objects.filter(action="congress.delegate.checked_in", object_id=str(d.pk)).count() == 1
    d.refresh_from_db()
    assert d.present
    assert d.checked_in_at is not None


def test_check_in_errors_are_coded(convened):
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(convened, "ZZZZZZZZZZ")
    assert err.value.code == "unknown_code"
    assert "ZZZZZZZZZZ" in err.value.message
    d = convened.delegates.get(number=3)
    services.set_convened(d, convened=False, reason="Chuyển sinh hoạt")
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(convened, "3")
    assert err.value.code == "not_convened"
    assert "Chuyển sinh hoạt" in err.value.message
    Delegate.objects.filter(number=4, congress=convened).update(suspended=True)
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(convened, "4")
    assert err.value.code == "suspended"


def test_check_in_refused_before_convening(congress):
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(congress, "1")
    assert err.value.code == "congress_not_convened"


def test_undo_needs_reason_and_is_audited(convened):
    services.check_in_delegate(convened, "5")
    d = convened.delegates.get(number=5)
    with pytest.raises(CongressError) as err:
        services.undo_check_in(d, reason="  ")
    assert err.value.code == "reason_required"
    services.undo_check_in(d, reason="Quét nhầm")
    d.refresh_from_db()
    assert not d.present
    assert AuditEntry.objects.get(action="congress.delegate.check_in_undone").data["reason"] == "Quét nhầm"
    with pytest.raises(CongressError) as err:
        services.undo_check_in(d, reason="again")
    assert err.value.code == "not_present"


def _voters_and_nonvoters(congress):
    rows = sorted(congress.delegates.all(), key=lambda d: d.number)
    return [d.number for d in rows if d.has_vote], [d.number for d in rows if not d.has_vote]


def test_quorum_two_thirds_of_the_voters_convened(checkin, convened):
    # Charter 11.6 counts the voters convened (official members); probationary members are apart.
    voters, nonvoters = _voters_and_nonvoters(convened)
    assert (len(voters), len(nonvoters)) == (45, 5)
    checkin(convened, voters[:29] + nonvoters)  # 29 of 45 voters: 87 < 90, though 34 are in the hall
    q = quorum(convened)
    assert (q.basis, q.present, q.convened, q.needed, q.met) == ("voters", 29, 45, 30, False)
    assert (q.attending, q.people_convened, q.nonvoters_present, q.absent) == (34, 50, 5, 16)
    checkin(convened, voters[29:30])  # 30: 90 >= 90
    assert quorum(convened).met


def test_quorum_basis_is_a_setting(checkin, convened, settings):
    from django.core.exceptions import ImproperlyConfigured

    voters, nonvoters = _voters_and_nonvoters(convened)
    checkin(convened, voters[:29] + nonvoters)
    settings.DAIHOI_QUORUM_BASIS = "all_convened"  # everyone convened except guests
    q = quorum(convened)
    assert (q.basis, q.present, q.convened, q.needed, q.met) == ("all_convened", 34, 50, 34, True)
    assert not quorum(convened, "voters").met  # an explicit basis wins over the setting
    settings.DAIHOI_QUORUM_BASIS = "everyone"
    with pytest.raises(ImproperlyConfigured):
        quorum(convened)


def test_quorum_needs_two_thirds_of_branches(checkin, convened):
    # numbers 1..10 are branch 1, 11..20 branch 2, ...: fill branches 1-2 only (20 people) then 3 more
    checkin(convened, range(1, 41))  # branches 1-4 present
    q = quorum(convened)
    assert (q.branches_total, q.branches_present, q.branches_needed) == (5, 4, 4)
    assert q.valid
    for n in range(21, 41):
        services.undo_check_in(convened.delegates.get(number=n), reason="test")
    checkin(convened, range(41, 51))
    q = quorum(convened)
    assert q.branches_present == 3
    assert not q.branches_met
    assert not q.valid
    # A branch where only a probationary member came is not represented among the voters.
    branch3_nonvoter = next(
        d for d in convened.delegates.filter(number__in=range(21, 31)).order_by("number") if not d.has_vote
    )
    services.check_in_delegate(convened, branch3_nonvoter.checkin_code)
    assert quorum(convened).branches_present == 3
    assert quorum(convened, "all_convened").branches_present == 4


def test_voters_and_nonvoters(checkin, convened):
    checkin(convened, range(1, 11))  # branch 1: one probationary
    services.add_delegate(convened, kind=DelegateKind.GUEST, full_name="Khách mời A")
    guest = convened.delegates.get(kind=DelegateKind.GUEST)
    services.check_in_delegate(convened, guest.checkin_code)
    q = quorum(convened)
    assert (q.present, q.attending, q.voters_present, q.nonvoters_present, q.guests_present) == (
        9,
        10,
        9,
        1,
        1,
    )
    assert (q.convened, q.voters_convened, q.people_convened) == (45, 45, 50)


def test_threshold_base_members_congress(checkin, convened):
    rows = {d.number: d for d in convened.delegates.all()}
    checkin(convened, [n for n in range(1, 51) if n not in (1, 2, 4)])
    services.set_absence_reason(rows[1], reason="Ốm", accepted=True)
    Delegate.objects.filter(pk=rows[2].pk).update(exempted=True)  # exempted and absent
    Delegate.objects.filter(pk=rows[5].pk).update(attached_elsewhere=True)
    base = threshold_base(convened)
    assert base.official_convened == 45
    assert (base.absent_with_reason, base.exempted_absent, base.attached_elsewhere) == (1, 1, 1)
    assert base.base == 42  # number 4 is absent without an accepted reason: still counted


def test_mark_attendance_per_branch(convened):
    branch = convened.delegates.get(number=1).branch
    ids = list(convened.delegates.filter(branch=branch).order_by("number").values_list("id", flat=True))
    counts = services.mark_attendance(
        convened, branch=branch, present_ids=ids[:8], absence_reasons={ids[8]: "Công tác", ids[9]: ""}
    )
    assert counts == {"checked_in": 8, "undone": 0, "reasons": 1}
    assert quorum(convened).attending == 8
    d9 = Delegate.objects.get(pk=ids[8])
    assert d9.absence_accepted
    assert d9.absence_reason == "Công tác"
    counts = services.mark_attendance(convened, branch=branch, present_ids=ids[:7])
    assert counts["undone"] == 1
    assert quorum(convened).attending == 7


def test_open_congress_needs_quorum(checkin, convened):
    checkin(convened, range(1, 30))
    with pytest.raises(CongressError) as err:
        services.open_congress(convened)
    assert err.value.code == "no_quorum"
    checkin(convened, range(30, 40))
    assert services.open_congress(convened).status == "open"


def test_delegates_congress_alternate_and_base(roll_org):
    import datetime

    c = services.create_congress(
        roll_org,
        number=11,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
        kind="delegates",
    )
    members = list(Member.objects.filter(organization=roll_org, status="official").order_by("id"))
    elected = [services.add_delegate(c, member=m, kind="elected") for m in members[:6]]
    ex = [services.add_delegate(c, member=m, kind="ex_officio") for m in members[6:8]]
    alt = services.add_delegate(c, member=members[8], kind="alternate")
    with pytest.raises(CongressError) as err:
        services.add_delegate(c, member=members[0], kind="elected")
    assert err.value.code == "duplicate_delegate"
    services.convene_congress(c)
    for d in [*elected[1:], ex[0]]:
        services.check_in_delegate(c, d.checkin_code)
    services.replace_with_alternate(alt, elected[0])
    services.check_in_delegate(c, alt.checkin_code)
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(c, elected[0].checkin_code)
    assert err.value.code == "replaced"
    base = threshold_base(c)
    assert (base.official_convened, base.ex_officio_absent, base.absent_not_replaced, base.base) == (
        8,
        1,
        0,
        7,
    )
    q = quorum(c)
    # 8 seats (6 elected + 2 ex officio); the alternate fills the absent delegate's seat, counted once.
    assert (q.convened, q.present, q.voters_present, q.people_convened) == (8, 7, 7, 9)
    assert (q.absent, q.needed, q.met) == (1, 6, True)
