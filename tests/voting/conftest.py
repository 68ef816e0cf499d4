"""Fixtures for voting on phones: the election tests' congress in session (48 voters present) whose
election rules say secret ballots are cast electronically, and phones bound to delegates."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from verifiable_setup import VOTERS_30

# The election tests' fixtures (their conftest is not an importable package module): loaded by path.
_spec = importlib.util.spec_from_file_location(
    "election_fixtures", pathlib.Path(__file__).parent.parent / "elections" / "conftest.py"
)
assert _spec is not None
assert _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
closed_vote, official_members, seated = _fixtures.closed_vote, _fixtures.official_members, _fixtures.seated
el_org, session, committee_election = _fixtures.el_org, _fixtures.session, _fixtures.committee_election


@pytest.fixture
def electronic(session):
    session.ballot_form = "electronic"
    session.save(update_fields=["ballot_form"])
    return session


@pytest.fixture
def e_election(electronic, committee_election):
    """The 8-seat executive committee election, 10 names, list approved, in an electronic congress."""
    committee_election.congress.refresh_from_db()
    return committee_election


def bind(congress, number):
    """A phone bound to delegate `number`: (token, device)."""
    from daihoi.voting.services import devices

    delegate = congress.delegates.get(number=number)
    issued = devices.issue_binding_code(delegate)
    return devices.bind_device(issued.code, label="test phone")


@pytest.fixture
def phones(electronic):
    """Phones bound to 30 voters (delegates 1..33 but the probationary 11, 22 and 33): {number: device}."""
    return {n: bind(electronic, n)[1] for n in VOTERS_30}


@pytest.fixture
def election_helpers():
    """The election tests' helpers: seated(congress, kind, seats), official_members(congress),
    closed_vote(congress, kind, ...)."""
    return _fixtures


@pytest.fixture
def v_election(e_election):
    """The same election in a congress whose secret ballots are encrypted and verifiable."""
    congress = e_election.congress
    congress.ballot_form = "verifiable"
    congress.save(update_fields=["ballot_form"])
    return e_election


@pytest.fixture
def ceremony(v_election):
    """A complete 3-of-5 key ceremony made with the core's math: (KeyCeremony, {index: KeyShare})."""
    from verifiable_setup import make_ceremony

    return make_ceremony(v_election.congress)
