"""Values for URL kwargs beyond `org_code`, so the permission matrix can reach deeper views.

Key: (URL namespace, kwarg name); value: a factory taking the test organization and returning the
kwarg's value. Add an entry when you add a view with a new kwarg; without one the matrix skips the
view and says which kwarg is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any


def _role_user(organization: Any) -> int:
    from django.contrib.auth import get_user_model

    from daihoi.accounts.models import Role, RoleAssignment

    user = get_user_model().objects.create_user(username="matrix-target", password="x")
    RoleAssignment.objects.create(user=user, organization=organization, role=Role.DELEGATE)
    return user.pk


def _link_request(organization: Any) -> int:
    """A pending request to link the matrix's managed login (made by the user_id factory) to a delegate."""
    from django.contrib.auth import get_user_model

    from daihoi.congresses.models import DelegateLinkRequest

    user = get_user_model().objects.get(username="matrix-target")
    request = DelegateLinkRequest.objects.create(
        delegate_id=_delegate(organization), username=user.username, user=user
    )
    return request.pk


def _member(organization: Any) -> int:
    from daihoi.organizations.models import Gender, Member, MemberStatus

    member = Member.objects.create(
        organization=organization,
        member_code="MX0001",
        full_name="Nguyễn Văn Mẫu",
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Mẫu",
        birth_date=datetime.date(1980, 1, 1),
        gender=Gender.MALE,
        status=MemberStatus.OFFICIAL,
    )
    return member.pk


def _congress(organization: Any) -> int:
    """One congress per organization (get_or_create: the delegate and vote factories reuse it)."""
    from daihoi.congresses.models import Congress

    congress, _ = Congress.objects.get_or_create(
        organization=organization,
        number=10,
        defaults={
            "term_start_year": 2025,
            "term_end_year": 2030,
            "starts_on": datetime.date(2025, 6, 1),
            "ends_on": datetime.date(2025, 6, 2),
        },
    )
    return congress.pk


def _delegate(organization: Any) -> int:
    from daihoi.congresses.models import Delegate, DelegateKind

    delegate, _ = Delegate.objects.get_or_create(
        congress_id=_congress(organization),
        number=1,
        defaults={"full_name": "Trần Thị Mẫu", "kind": DelegateKind.MEMBER},
    )
    return delegate.pk


def _open_vote(organization: Any) -> int:
    from daihoi.congresses.models import OpenVote, OpenVoteKind

    vote = OpenVote.objects.create(
        congress_id=_congress(organization), kind=OpenVoteKind.values[0], title="Thông qua chương trình"
    )
    return vote.pk


def _document(organization: Any) -> int:
    """A draft uploaded for comments by section (a minimal but real PDF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from daihoi.congresses import services
    from daihoi.congresses.models import CongressDocument, DocumentKind

    existing = CongressDocument.objects.filter(congress_id=_congress(organization)).first()
    if existing is not None:
        return existing.pk
    from daihoi.congresses.models import Congress

    pdf = SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    document = services.upload_document(
        Congress.objects.get(pk=_congress(organization)),
        kind=DocumentKind.values[0],
        title="Dự thảo Báo cáo chính trị",
        file=pdf,
        sections="I. Đánh giá\nII. Phương hướng",
        accepts_comments=True,
    )
    return document.pk


def _confirmed_resolution(organization: Any) -> None:
    from django.utils import timezone

    from daihoi.targets.models import Resolution

    Resolution.objects.get_or_create(
        organization=organization, term_start=2020, term_end=2025, defaults={"confirmed_at": timezone.now()}
    )


def _election(organization: Any) -> int:
    """An election of the matrix congress with round 1 counted (no ballot), so its documents exist."""
    from daihoi.elections import services
    from daihoi.elections.models import Candidate, Election, ElectionStatus

    congress_id = _congress(organization)
    election = Election.objects.filter(congress_id=congress_id).first()
    if election is not None:
        return election.pk
    election = Election.objects.create(
        congress_id=congress_id, kind="executive_committee", title="BCH", seats=1
    )
    from daihoi.organizations.models import Member

    member = Member.objects.filter(organization=organization, member_code="MX0001").first()
    member = member or Member.objects.get(pk=_member(organization))
    candidate = Candidate.objects.create(
        election=election, member=member, full_name=member.full_name, source="committee"
    )
    rnd = services.create_round(election, 1, [candidate], 1, 0, False)
    rnd.issued, rnd.returned = 0, 0
    rnd.figures = {"kind": "members", "convened": 10, "present": 10, "exclusions": {}}
    rnd.save()
    # The matrix congress is not in session, so the round is counted directly with the engine.
    rnd.result, rnd.status = services.count_round(rnd).to_dict(), "closed"
    rnd.save()
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.COUNTED)
    return election.pk


def _poll(organization: Any) -> int:
    """The electronic poll of the matrix election's round 1 (closed, no ballot: the round is counted)."""
    from daihoi.elections.models import Round
    from daihoi.voting.models import Poll

    rnd = Round.objects.get(election_id=_election(organization), number=1)
    poll, _ = Poll.objects.get_or_create(
        round=rnd, defaults={"status": "closed", "electronic": 0, "paper_issued": 0}
    )
    return poll.pk


# State a namespace's pages need before they can show anything (run before each matrix request).
NAMESPACE_SETUP: dict[str, Callable[[Any], None]] = {
    "targets": _confirmed_resolution,
}


URL_KWARG_FIXTURES: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("accounts", "user_id"): _role_user,
    ("accounts", "request_id"): _link_request,
    ("organizations", "member_id"): _member,
    ("congresses", "pk"): _congress,
    ("congresses", "delegate_id"): _delegate,
    ("congresses", "vote_id"): _open_vote,
    ("congresses", "doc_id"): _document,
    ("congresses:comments_export", "fmt"): lambda organization: "xlsx",
    ("congresses", "fmt"): lambda organization: "pdf",
    ("congresses", "key"): lambda organization: "programme",
    ("dossier_docs", "pk"): _congress,
    ("elections", "congress_pk"): _congress,
    ("elections", "pk"): _election,
    ("elections", "number"): lambda organization: 1,
    ("elections", "fmt"): lambda organization: "pdf",
    ("api", "election_id"): _election,
    ("api", "number"): lambda organization: 1,
    ("targets", "year"): lambda organization: 2021,  # inside the confirmed resolution's term
    ("targets", "fmt"): lambda organization: "pdf",
    ("api", "congress_id"): _congress,
    ("api", "delegate_id"): _delegate,
    ("voting_staff", "pk"): _congress,
    ("voting_staff", "delegate_id"): _delegate,
    ("voting_staff", "vote_id"): _open_vote,
    ("voting_staff", "election_id"): _election,
    ("voting_staff", "number"): lambda organization: 1,
    ("voting_staff", "poll_id"): _poll,
    ("transfer", "pk"): _congress,
}


# Views that a granted role may still be refused for a reason of state, not of role (view name ->
# {role: why}). For these the matrix accepts 403 from that role; refusing ungranted roles is still checked.
STATE_REFUSALS: dict[str, dict[str, str]] = {
    **{
        name: dict.fromkeys(
            ("presidium", "observer"),
            "the matrix's round is counted but not announced: its figures are the counting committee's",
        )
        for name in ("elections:result", "elections:minutes", "elections:elected")
    },
    "congresses:documents": {"delegate": "a delegate reads the documents only after check-in"},
    "congresses:document": {"delegate": "a delegate reads the documents only after check-in"},
    "congresses:document_file": {"delegate": "a delegate reads the documents only after check-in"},
    "congresses:document_comment": {
        "delegate": "a delegate comments only after check-in",
        **dict.fromkeys(
            ("organizer", "presidium", "counting_committee", "observer"),
            "only the congress's own delegates comment; the matrix's staff users are not delegates of it",
        ),
    },
}
