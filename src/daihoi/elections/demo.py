"""Demo: the 10th congress elects its 8-member executive committee from a list of 10 (one ballot per voter
present — 48 of the 50 official members convened; the 3 probationary members present do not vote —, one
invalid, entered twice, announced; the minutes show convened 50, present 48, issued and returned 48,
D = 48) and its delegation to the upper congress with an alternate (48 ballots as well).

The steps are functions so the browser test can stop before the count and do it through the pages:
`open_session` (the congress opens, working bodies approved), `prepare_committee` (seats voted, list
of 10 approved), `committee_ballots` (the 48 ballots as typed), `count_round`, `run_delegation`.

`load_next` leaves the 11th congress ready for a newcomer: in session, working bodies and counting
committee approved, its executive committee election's seats (9) and list of 11 names voted by the
congress, round 1 ready and nothing counted; `start_lines` says where to start.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from daihoi.congresses import services as congress_services
from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressStatus, OpenVote, OpenVoteKind, OpenVoteStatus
from daihoi.elections import services
from daihoi.elections.models import Election, ElectionKind, Round

ACTOR = "demo"
SEATS, LIST_SIZE = 8, 10
NEXT_SEATS, NEXT_LIST_SIZE = 9, 11
DELEGATES, ALTERNATES, DELEGATE_LIST = 3, 1, 5


def _pass(vote: OpenVote, actor: Any = ACTOR) -> OpenVote:
    """Open, count (everyone present agrees) and close an open vote."""
    if vote.status == OpenVoteStatus.DRAFT:
        vote = congress_services.open_open_vote(vote, actor=actor)
    if vote.status == OpenVoteStatus.OPEN:
        present = quorum(vote.congress).voters_present
        congress_services.record_open_vote(vote, agree=present, disagree=0, actor=actor)
        vote = congress_services.close_open_vote(vote, actor=actor)
    return vote


def open_session(congress: Congress, actor: Any = ACTOR) -> Congress:
    """Open the congress and approve the working bodies the convening committee proposed."""
    if congress.status != CongressStatus.OPEN:
        congress = congress_services.open_congress(congress, actor=actor)
    for vote in congress.open_votes.filter(status__in=[OpenVoteStatus.DRAFT, OpenVoteStatus.OPEN]).order_by(
        "id"
    ):
        _pass(vote, actor)
    return congress


def _vote(congress: Congress, kind: str, actor: Any = ACTOR, **kwargs: Any) -> OpenVote:
    return _pass(congress_services.create_open_vote(congress, kind=kind, actor=actor, **kwargs), actor)


def _nominees(congress: Congress, count: int, skip: int = 0) -> list[Any]:
    """Official members present with a vote, not on the counting committee, spread over the branches."""
    committee = services.counting_committee_members(congress)
    taken = services.candidate_member_ids(congress)
    people = [
        d.member
        for d in congress.delegates.filter(present=True).select_related("member").order_by("number")
        if d.has_vote and d.member_id and d.member_id not in committee and d.member_id not in taken
    ]
    return (people[1::3] + people[::3])[skip : skip + count]


def prepare_committee(
    congress: Congress, actor: Any = ACTOR, *, seats: int = SEATS, names: int = LIST_SIZE
) -> Election:
    """Seats voted (8), the convening committee's 10 names on the list (not yet approved)."""
    election = services.create_election(congress, kind=ElectionKind.EXECUTIVE_COMMITTEE, actor=actor)
    vote = _vote(congress, OpenVoteKind.SEATS, actor, seats=seats, election=election)
    election = services.decide_seats(election, vote, actor=actor)
    for member in _nominees(congress, names):
        services.nominate(election, member, actor=actor)
    return election


def approve(election: Election, actor: Any = ACTOR) -> Round:
    vote = _vote(election.congress, OpenVoteKind.BALLOT_LIST, actor, election=election)
    return services.approve_list(election, vote, actor=actor)


def committee_ballots(count: int) -> list[str]:
    """`count` ballots on a list of 10 for 8 seats: each strikes two names; the last keeps 9 (invalid).

    Every voter present casts one: the demo's 48 official members present (probationary members attend
    without a vote and get no ballot).
    """
    pairs = (
        ["9 10"] * 14 + ["3 10"] * 8 + ["5 9"] * 7 + ["1 8"] * 6 + ["2 10"] * 5 + ["6 9"] * 4 + ["4 7"] * 3
    )
    return [*pairs[: count - 1], "10"]


def delegation_ballots(count: int) -> list[str]:
    """One name struck on each ballot of the list of 5 for 3 delegates and 1 alternate."""
    return (["3"] * 8 + ["4"] * 10 + ["5"] * count)[:count][::-1]


def voters_present(congress: Congress) -> int:
    return quorum(congress).voters_present


def count_round(rnd: Round, texts: list[str], actor: Any = ACTOR) -> Round:
    rnd = services.set_counts(rnd, issued=len(texts), returned=len(texts), actor=actor)
    for clerk in range(1, rnd.election.clerks + 1):
        for position, text in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=position, text=text, confirm=True, actor=actor)
    return services.close_round(rnd, actor=actor)


def run_delegation(congress: Congress, actor: Any = ACTOR) -> Election:
    """3 official delegates and 1 alternate, allocated from above, from one list of 5 names."""
    election = services.create_election(
        congress, kind=ElectionKind.DELEGATES, seats=DELEGATES, alternates=ALTERNATES, actor=actor
    )
    for member in _nominees(congress, DELEGATE_LIST):
        services.nominate(election, member, actor=actor)
    rnd = approve(election, actor)
    count_round(rnd, delegation_ballots(voters_present(congress)), actor)
    election.refresh_from_db()
    return services.announce(election, actor=actor)


def load(ctx: Any) -> None:
    congress = ctx.objects["congress"]
    congress = open_session(congress)
    election = prepare_committee(congress)
    rnd = approve(election)
    count_round(rnd, committee_ballots(voters_present(congress)))
    election.refresh_from_db()
    services.announce(election, actor=ACTOR)
    delegation = run_delegation(congress)
    ctx.objects["elections"] = [election, delegation]
    ctx.notes.append(
        _("%(what)s: %(n)s elected from %(m)s, result announced; delegation %(d)s + %(a)s alternate")
        % {
            "what": election.title,
            "n": len(services.outcome(election).elected),
            "m": LIST_SIZE,
            "d": len(services.outcome(delegation).elected),
            "a": len(services.outcome(delegation).alternates),
        }
    )


def prepare_next(congress: Congress, actor: Any = ACTOR) -> Round:
    """The 11th congress opened, its working bodies approved, the executive committee's 9 seats and list
    of 11 approved by the congress's open votes on the election: round 1 is ready, nothing counted."""
    congress = open_session(congress, actor)
    election = prepare_committee(congress, actor, seats=NEXT_SEATS, names=NEXT_LIST_SIZE)
    return approve(election, actor)


def start_lines(election: Election) -> list[str]:
    """Where a newcomer starts (what `daihoi demo` prints): the pages, the logins, the steps in order."""
    from django.urls import reverse

    from daihoi.organizations.demo import USERS

    congress = election.congress
    org = congress.organization.code
    passwords = {name: password for name, password, *_rest in USERS}
    previous = congress.organization.congresses.filter(number__lt=congress.number).order_by("-number").first()
    lines = [
        _(
            "%(congress)s is in session: %(present)s of %(convened)s voters present, the working bodies and "
            "the counting committee approved. %(election)s: the congress voted %(seats)s seats and the list "
            "of %(names)s names; round 1 is ready, nothing is counted yet."
        )
        % {
            "congress": congress.title,
            "present": quorum(congress).present,
            "convened": quorum(congress).convened,
            "election": election.title,
            "seats": election.seats,
            "names": services.check_list(election).names,
        },
        _(
            "1. Log in as %(user)s (password %(password)s) and open %(url)s: record the ballots issued and "
            "returned, then enter the ballots as clerk 1."
        )
        % {
            "user": "kiemphieu",
            "password": passwords["kiemphieu"],
            "url": reverse("elections:detail", kwargs={"org_code": org, "pk": election.pk}),
        },
        _(
            "2. In another browser, log in as %(user)s (password %(password)s) and enter the same ballots as "
            "clerk 2: the two entries of a stack come from two different logins."
        )
        % {"user": "kiemphieu2", "password": passwords["kiemphieu2"]},
        _(
            "3. Back as %(user)s: compare the entries, close the count of the round (a confirmation page), "
            "then announce the result (a confirmation page) and print the minutes."
        )
        % {"user": "kiemphieu"},
        _("The whole congress, as %(user)s (password %(password)s): %(url)s")
        % {
            "user": "tochuc",
            "password": passwords["tochuc"],
            "url": reverse("congresses:detail", kwargs={"org_code": org, "pk": congress.pk}),
        },
    ]
    if previous is not None:
        lines.append(
            _("Its elections counted and announced, for comparison: %(congress)s, %(url)s")
            % {
                "congress": previous.title,
                "url": reverse("congresses:detail", kwargs={"org_code": org, "pk": previous.pk}),
            }
        )
    return lines


def load_next(ctx: Any) -> None:
    rnd = prepare_next(ctx.objects["next_congress"])
    election = rnd.election
    ctx.objects["next_election"] = election
    ctx.start.extend(start_lines(election))
    ctx.notes.append(
        _("%(what)s: %(seats)s seats and a list of %(names)s names voted by the congress, round 1 ready")
        % {"what": election.title, "seats": election.seats, "names": NEXT_LIST_SIZE}
    )


# ----------------------------------------------------------------------------------------------------
# The province slice (issue 14): the peer whose congress is held elects its committee and its delegation
# (the number its superior allocated, one alternate), then closes.


def struck_ballots(names: int, keep: int, voters: int) -> list[str]:
    """`voters` valid ballots on a list of `names` each keeping `keep` names (striking the others), with
    every name's votes distinct: the first `keep` names are elected in list order, the others fall short
    of half the votes (the lists are built so, with `voters` well above `keep`²)."""
    strikes = names - keep
    counts = list(range(keep))  # name i (0-based, among the first `keep`) struck on i ballots
    rest = strikes * voters - sum(counts)
    for j in range(strikes):  # the rest shared among the last names, distinct, each at most `voters`
        share = rest // (strikes - j) + (strikes - j - 1)
        share = min(share, voters - j, rest)
        counts.append(share)
        rest -= share
    sequence = [str(position) for position, n in enumerate(counts, start=1) for _i in range(n)]
    ballots = [[sequence[i + k * voters] for k in range(strikes)] for i in range(voters)]
    return [" ".join(sorted(ballot, key=int)) for ballot in ballots]


def _surplus(places: int) -> int:
    """Names beyond the places on a demo list: one up to 6 places (Reg. 190: at most 1 for 3-5), else 2."""
    return 1 if places <= 6 else 2


def hold_peer_congress(congress: Congress, *, committee_seats: int, delegates: int, alternates: int,
                       actor: Any = ACTOR) -> list[Election]:  # fmt: skip
    """Open, approve the working bodies, elect the committee and the delegation (delegates and alternates
    from one list), each from a list with the surplus the regulation allows, announce both, close."""
    congress = open_session(congress, actor)
    names = committee_seats + _surplus(committee_seats)
    committee = prepare_committee(congress, actor, seats=committee_seats, names=names)
    rnd = approve(committee, actor)
    voters = voters_present(congress)
    count_round(rnd, struck_ballots(names, committee_seats, voters), actor)
    committee.refresh_from_db()
    services.announce(committee, actor=actor)
    delegation = services.create_election(
        congress, kind=ElectionKind.DELEGATES, seats=delegates, alternates=alternates, actor=actor
    )
    listed = delegates + alternates + _surplus(delegates + alternates)
    for member in _nominees(congress, listed):
        services.nominate(delegation, member, actor=actor)
    rnd = approve(delegation, actor)
    count_round(rnd, struck_ballots(listed, delegates + alternates, voters), actor)
    delegation.refresh_from_db()
    services.announce(delegation, actor=actor)
    congress_services.close_congress(congress, actor=actor)
    return [committee, delegation]


def load_province(ctx: Any) -> None:
    from daihoi.congresses.demo import PEER_CONGRESSES, PeerStage
    from daihoi.seasons.models import PlanEntry

    for code, congress in ctx.objects["peer_congresses"].items():
        if PEER_CONGRESSES[code][2] != PeerStage.HELD:
            continue
        entry = PlanEntry.objects.get(season=ctx.objects["season"], organization=congress.organization)
        committee, delegation = hold_peer_congress(
            congress,
            committee_seats=entry.committee_seats or 5,
            delegates=entry.delegates or 1,
            alternates=entry.alternates,
        )
        ctx.objects.setdefault("held", []).append((congress, committee, delegation))
