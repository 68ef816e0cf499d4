"""The election workflow (spec §5-6), along its lifecycle (daihoi.core.procedure.election):

- `ballot_list`: the election, its seats, nominations, withdrawals, the opinion ballot, list approval;
- `entry`: ballots issued and returned, clerks' entries, resolutions, hand-count totals;
- `reconciliation`: the clerks' entries compared ballot by ballot;
- `rounds`: closing a round, revotes, further rounds;
- `outcome`: the result, its announcement, the superior's approval;
- `engine`: the round as the counting engine's input; `state`: the facts and the next steps.

Every counting rule is the engine's (`daihoi.core.election`), every step's permission the procedure's
(`daihoi.core.procedure`); each step locks, validates under the lock, writes and audits in one transaction.
"""

from __future__ import annotations

from daihoi.elections.services.ballot_list import (
    ListCheck,
    allocated_delegates,
    approve_list,
    candidate_member_ids,
    check_list,
    counting_committee_members,
    create_election,
    create_round,
    decide_seats,
    decide_withdrawal,
    default_title,
    delete_election,
    nominate,
    on_list,
    record_opinion_ballot,
    remove_nominee,
    request_withdrawal,
    support_needed,
)
from daihoi.elections.services.common import COMMITTEE_FLAGS, FLAG_KEYS, PROPOSALS
from daihoi.elections.services.engine import (
    congress_figures,
    content_row,
    count_round,
    engine_input,
    parse_entry,
    propose,
    round_candidates,
    round_form,
    running_count,
)
from daihoi.elections.services.entry import (
    EntryOutcome,
    enter_ballot,
    enter_totals,
    next_position,
    resolve_ballot,
    set_aggregate,
    set_counts,
)
from daihoi.elections.services.outcome import Outcome, announce, approve, outcome, save_news
from daihoi.elections.services.reconciliation import Reconciliation, reconcile
from daihoi.elections.services.rounds import add_to_round, close_round, decline_next_round, start_next_round
from daihoi.elections.services.state import allowed, election_facts, steps

__all__ = [
    "COMMITTEE_FLAGS",
    "FLAG_KEYS",
    "PROPOSALS",
    "EntryOutcome",
    "ListCheck",
    "Outcome",
    "Reconciliation",
    "add_to_round",
    "allocated_delegates",
    "allowed",
    "announce",
    "approve",
    "approve_list",
    "candidate_member_ids",
    "check_list",
    "close_round",
    "congress_figures",
    "content_row",
    "count_round",
    "counting_committee_members",
    "create_election",
    "create_round",
    "decide_seats",
    "decide_withdrawal",
    "decline_next_round",
    "default_title",
    "delete_election",
    "election_facts",
    "engine_input",
    "enter_ballot",
    "enter_totals",
    "next_position",
    "nominate",
    "on_list",
    "outcome",
    "parse_entry",
    "propose",
    "reconcile",
    "record_opinion_ballot",
    "remove_nominee",
    "request_withdrawal",
    "resolve_ballot",
    "round_candidates",
    "round_form",
    "running_count",
    "save_news",
    "set_aggregate",
    "set_counts",
    "start_next_round",
    "steps",
    "support_needed",
]
