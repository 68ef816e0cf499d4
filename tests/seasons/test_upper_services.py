"""The delegates' congress built from the delegations elected below (issue 14): the list is exactly the
delegates elected at the lower congresses (officials and alternates by votes) plus the ex officio
delegates; refusals name the organizations; credentials flags; replacement by alternates in vote order;
the base D and the quorum of such a congress."""

from __future__ import annotations

import datetime

import pytest
from upper_world import delegation, grassroots, lower_congress, season_with, superior

from daihoi.congresses import services as congress_services
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import CongressStatus, CredentialFlag, Delegate, DelegateKind
from daihoi.elections.services import outcome
from daihoi.organizations.models import Member
from daihoi.seasons.services import upper
from daihoi.seasons.upper_errors import UpperError

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 20)


@pytest.fixture
def world(db):
    sup = superior()
    orgs = [grassroots(sup, n, family) for n, family in ((1, "Nguyễn"), (2, "Trần"), (3, "Lê"))]
    lowers = [lower_congress(org) for org in orgs]
    season = season_with(sup, orgs)
    upper.create_upper_congress(season, number=12, starts_on=DAY, place="Hội trường tỉnh")
    season.refresh_from_db()
    upper.add_ex_officio(season, full_name="Phạm Văn Bí", title="Bí thư Đảng ủy Khối")
    upper.add_ex_officio(season, full_name="Hoàng Thị Phó", title="Phó Bí thư")
    return sup, orgs, lowers, season


def test_the_list_is_exactly_the_delegates_elected_below(world):
    sup, orgs, lowers, season = world
    congress = upper.build_convened_list(season)
    assert congress.organization == sup
    assert congress.kind == "delegates"
    assert (congress.term_start_year, congress.term_end_year) == (2025, 2030)
    rows = list(congress.delegates.order_by("number"))
    assert [(d.kind, d.full_name) for d in rows[:2]] == [
        (DelegateKind.EX_OFFICIO, "Phạm Văn Bí"),
        (DelegateKind.EX_OFFICIO, "Hoàng Thị Phó"),
    ]
    for org, lower in zip(orgs, lowers, strict=True):
        result = outcome(delegation(lower))
        mine = [d for d in rows if d.elected_in_id == lower.pk]
        assert [d.full_name for d in mine if d.kind == DelegateKind.ELECTED] == [
            e["name"] for e in result.elected
        ]
        assert [d.full_name for d in mine if d.kind == DelegateKind.ALTERNATE] == [
            a["name"] for a in result.alternates
        ]
        assert len(result.elected) == 2
        assert len(result.alternates) == 2
        assert [d.vote_rank for d in mine] == [1, 2, 3, 4]
        # Alternates in descending votes: 7 then 6 (the ballots strike positions 3, 4, 5).
        assert [a["votes"] for a in result.alternates] == [7, 6]
        assert all(d.branch_id == org.pk and d.member.organization_id == org.pk for d in mine)
    assert len(rows) == 2 + 3 * 4
    assert [d.number for d in rows] == list(range(1, 15))
    assert all(d.has_vote == (d.kind != DelegateKind.ALTERNATE) for d in rows)


def test_building_again_replaces_the_list(world):
    *_, season = world
    upper.build_convened_list(season)
    upper.remove_ex_officio(season.ex_officio.get(full_name="Hoàng Thị Phó"))
    congress = upper.build_convened_list(season)
    assert congress.delegates.count() == 1 + 12
    assert congress.delegates.filter(kind=DelegateKind.EX_OFFICIO).get().full_name == "Phạm Văn Bí"


def test_refused_while_a_delegation_is_not_announced(db):
    sup = superior()
    done, counted, nothing = (
        grassroots(sup, 1, "Nguyễn"),
        grassroots(sup, 2, "Trần"),
        grassroots(sup, 3, "Lê"),
    )
    lower_congress(done)
    lower_congress(counted, announce=False)
    season = season_with(sup, [done, counted, nothing])
    upper.create_upper_congress(season, number=12, starts_on=DAY)
    with pytest.raises(UpperError) as err:
        upper.build_convened_list(season)
    assert err.value.code == "delegations_missing"
    assert "Chi bộ cơ sở 2; Chi bộ cơ sở 3" in err.value.message
    assert "Chi bộ cơ sở 1" not in err.value.message
    season.refresh_from_db()
    assert season.upper_congress.delegates.count() == 0  # nothing half-written
    assert [d.announced for d in upper.delegations(season)] == [True, False, False]


def test_refused_without_a_congress_and_once_convened(world):
    *_, season = world
    congress = upper.build_convened_list(season)
    congress_services.convene_congress(congress)
    with pytest.raises(UpperError) as err:
        upper.build_convened_list(season)
    assert err.value.code == "upper_not_draft"
    with pytest.raises(UpperError) as err:
        upper.add_ex_officio(season, full_name="Ai Đó")
    assert err.value.code == "upper_not_draft"
    with pytest.raises(UpperError) as err:
        upper.create_upper_congress(season, number=13, starts_on=DAY)
    assert err.value.code == "upper_exists"


def test_ex_officio_order_and_previous_committee(world):
    _sup, *_, season = world
    rows = list(season.ex_officio.order_by("position"))
    upper.move_ex_officio(rows[1], up=True)
    assert list(season.ex_officio.order_by("position").values_list("full_name", flat=True)) == [
        "Hoàng Thị Phó",
        "Phạm Văn Bí",
    ]
    with pytest.raises(UpperError) as err:
        upper.ex_officio_from_previous_congress(season)
    assert err.value.code == "no_previous_committee"
    with pytest.raises(UpperError) as err:
        upper.add_ex_officio(season, full_name="Phạm Văn Bí")
    assert err.value.code == "ex_officio_duplicate"


def test_credentials_flag_disciplined_and_transferred(world):
    _sup, orgs, lowers, season = world
    congress = upper.build_convened_list(season)
    first, second = congress.delegates.filter(elected_in=lowers[0], kind=DelegateKind.ELECTED).order_by(
        "vote_rank"
    )
    Member.objects.filter(pk=first.member_id).update(suspended=True)
    # Transferred: the same card number now active on another organization's roll.
    moved = Member.objects.get(pk=second.member_id)
    Member.objects.filter(pk=moved.pk).update(is_active=False)
    Member.objects.create(organization=orgs[2], member_code=moved.member_code, full_name=moved.full_name,
                          given_name=moved.given_name, birth_date=moved.birth_date, gender=moved.gender,
                          status=moved.status)  # fmt: skip
    flagged = upper.check_credentials(congress)
    assert [(d.number, d.credential_flag) for d in flagged] == [
        (first.number, CredentialFlag.DISCIPLINED),
        (second.number, CredentialFlag.TRANSFERRED),
    ]
    assert "Chi bộ cơ sở 3" in flagged[1].credential_note
    first.refresh_from_db()
    assert not first.has_vote
    # Cleared by hand with a note: it votes again and the check does not flag it again.
    upper.clear_credential_flag(first, note="Ban thẩm tra tư cách: đình chỉ đã hết hiệu lực")
    first.refresh_from_db()
    assert first.has_vote
    assert [d.number for d in upper.check_credentials(congress)] == [second.number]
    with pytest.raises(UpperError) as err:
        upper.set_credential_flag(first, flag="nope", note="x")
    assert err.value.code == "flag_unknown"
    with pytest.raises(UpperError) as err:
        upper.set_credential_flag(first, flag=CredentialFlag.OTHER, note="  ")
    assert err.value.code == "note_required"
    upper.set_credential_flag(first, flag=CredentialFlag.OTHER, note="Bầu sai quy định")
    first.refresh_from_db()
    assert first.credential_flag == CredentialFlag.OTHER
    assert not first.has_vote


def test_replacement_in_vote_order_until_none_left(world):
    _sup, _orgs, lowers, season = world
    congress = upper.build_convened_list(season)
    officials = list(
        congress.delegates.filter(elected_in=lowers[1], kind=DelegateKind.ELECTED).order_by("vote_rank")
    )
    alternates = list(
        congress.delegates.filter(elected_in=lowers[1], kind=DelegateKind.ALTERNATE).order_by("vote_rank")
    )
    with pytest.raises(UpperError) as err:
        upper.replace_with_alternate(officials[0], decision=" ")
    assert err.value.code == "decision_required"
    got = upper.replace_with_alternate(officials[0], decision="15-QĐ/ĐUK ngày 10/9/2025")
    assert got.pk == alternates[0].pk
    assert got.replaces_id == officials[0].pk
    assert got.replacement_decision == "15-QĐ/ĐUK ngày 10/9/2025"
    assert got.has_vote
    officials[0].refresh_from_db()
    assert not officials[0].convened
    assert "15-QĐ/ĐUK" in officials[0].not_convened_reason
    with pytest.raises(UpperError) as err:
        upper.replace_with_alternate(officials[0], decision="16-QĐ/ĐUK")
    assert err.value.code == "already_replaced"
    assert upper.replace_with_alternate(officials[1], decision="16-QĐ/ĐUK").pk == alternates[1].pk
    # Another organization's official: its own alternates, never the second organization's.
    other = congress.delegates.filter(elected_in=lowers[0], kind=DelegateKind.ELECTED).first()
    assert upper.next_alternate(other).elected_in_id == lowers[0].pk
    # The second organization has no alternate left.
    Delegate.objects.filter(pk=officials[1].pk).update(convened=True)
    Delegate.objects.filter(pk=alternates[1].pk).update(replaces=None)
    Delegate.objects.filter(pk=alternates[1].pk).update(convened=False)
    with pytest.raises(UpperError) as err:
        upper.replace_with_alternate(officials[1], decision="17-QĐ/ĐUK")
    assert err.value.code == "no_alternate_left"
    assert "Chi bộ cơ sở 2" in err.value.message
    ex = congress.delegates.filter(kind=DelegateKind.EX_OFFICIO).first()
    with pytest.raises(UpperError) as err:
        upper.replace_with_alternate(ex, decision="1")
    assert err.value.code == "not_elected_below"


def _check_in(congress, delegates):
    for d in delegates:
        congress_services.check_in_delegate(congress, str(d.number))


def test_base_and_quorum_of_the_delegates_congress(world):
    """D = official delegates convened (ex officio included) − ex officio absent − officials absent and
    not replaced (spec §6.1); an alternate who took a seat by decision counts as that official."""
    _sup, _orgs, lowers, season = world
    congress = upper.build_convened_list(season)
    first = congress.delegates.filter(elected_in=lowers[0], kind=DelegateKind.ELECTED).order_by("vote_rank")[
        0
    ]
    alternate = upper.replace_with_alternate(first, decision="15-QĐ/ĐUK")
    congress = congress_services.convene_congress(congress)
    # Seats: 2 ex officio + 6 officials (one of them now held by the alternate).
    base = threshold_base(congress)
    assert base.official_convened == 8
    assert base.base == 8 - 2 - 6  # nobody present yet
    # Present: ex officio no. 1, the alternate, and both officials of the second organization.
    second = list(congress.delegates.filter(elected_in=lowers[1], kind=DelegateKind.ELECTED))
    _check_in(congress, [congress.delegates.get(number=1), alternate, *second])
    base = threshold_base(congress)
    assert (base.official_convened, base.ex_officio_absent, base.absent_not_replaced) == (8, 1, 3)
    assert base.base == 4
    q = quorum(congress)
    assert (q.convened, q.present) == (8, 4)
    assert not q.met
    # Organizations: the three planned ones; two have someone present (2/3 met).
    assert (q.branches_total, q.branches_present, q.branches_needed) == (3, 2, 2)
    assert q.branches_met
    # An official absent for the whole congress replaced on the day by a present alternate: not deducted.
    third = list(congress.delegates.filter(elected_in=lowers[2]).order_by("vote_rank"))
    _check_in(congress, [third[0], third[2]])
    congress_services.replace_with_alternate(third[2], third[1])
    base = threshold_base(congress)
    assert (base.official_convened, base.absent_not_replaced) == (8, 1)
    q = quorum(congress)
    assert (q.convened, q.present, q.branches_present) == (8, 6, 3)
    assert q.valid
    assert congress_services.open_congress(congress).status == CongressStatus.OPEN


def test_flagged_delegate_does_not_vote_nor_count_present(world):
    _sup, _orgs, lowers, season = world
    congress = upper.build_convened_list(season)
    d = congress.delegates.filter(elected_in=lowers[0], kind=DelegateKind.ELECTED).first()
    upper.set_credential_flag(d, flag=CredentialFlag.DISCIPLINED, note="Kỷ luật cảnh cáo")
    congress = congress_services.convene_congress(congress)
    _check_in(congress, [d])
    q = quorum(congress)
    assert q.voters_present == 0
    assert q.nonvoters_present == 1
