"""Builders of this app's documents in the form DOCUMENTS takes them: (congress, part object) -> Document.

Each imports its module when called, so that the table in daihoi.congresses.dossier loads with the
congresses app without importing this one.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

from daihoi.documents.model import Document

# The documents' names in the dossier (the rows of daihoi.congresses.dossier.DOCUMENTS).
TITLES = {
    "convocation_decision": gettext_lazy("Convocation decision"),
    "invitation_letters": gettext_lazy("Invitation letters"),
    "sign_in_sheet": gettext_lazy("Sign-in sheet"),
    "programme": gettext_lazy("Programme of the congress"),
    "working_rules": gettext_lazy("Working rules of the congress"),
    "election_rules": gettext_lazy("Election rules of the congress"),
    "open_vote_record": gettext_lazy("Record of an open vote"),
    "opinion_ballot": gettext_lazy("Opinion ballot paper"),
    "opinion_minutes": gettext_lazy("Minutes of the opinion ballot"),
    "ballot_box_minutes": gettext_lazy("Minutes of checking and sealing the ballot box"),
    "ballot_sealing_minutes": gettext_lazy("Minutes of sealing the ballots"),
    "congress_minutes": gettext_lazy("Minutes of the congress"),
    "results_announcement": gettext_lazy("Announcement of the election results"),
    "approval_submission": gettext_lazy("Submission for approval"),
    "summary_profiles": gettext_lazy("Summary profiles of the elected"),
}


def _language() -> str:
    return translation.get_language() or "vi"


def open_vote_record(congress: Any, vote: Any) -> Document:
    from daihoi.dossier_docs.votes import open_vote_record as build

    return build(vote, _language())


def congress_minutes(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.minutes import general_minutes

    return general_minutes(congress, _language())


def results_announcement(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.results import results_announcement as build

    return build(congress, _language())


def approval_submission(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.results import approval_submission as build

    return build(congress, _language())


def summary_profiles(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.results import summary_profiles as build

    return build(congress, _language())


def convocation_decision(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.convocation import convocation_decision as build

    return build(congress, _language())


def invitation_letters(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.convocation import invitation_letters as build

    return build(congress, _language())


def sign_in_sheet(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.convocation import sign_in_sheet as build

    return build(congress, _language())


def programme(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.rules import programme as build

    return build(congress, _language())


def working_rules(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.rules import working_rules as build

    return build(congress, _language())


def election_rules(congress: Any, _obj: Any) -> Document:
    from daihoi.dossier_docs.rules import election_rules as build

    return build(congress, _language())


def opinion_ballot(congress: Any, election: Any) -> Document:
    from daihoi.dossier_docs.ballot_box import opinion_ballot as build

    return build(election, _language())


def opinion_minutes(congress: Any, election: Any) -> Document:
    from daihoi.dossier_docs.ballot_box import opinion_minutes as build

    return build(election, _language())


def ballot_box_minutes(congress: Any, rnd: Any) -> Document:
    from daihoi.dossier_docs.ballot_box import ballot_box_minutes as build

    return build(rnd, _language())


def ballot_sealing_minutes(congress: Any, rnd: Any) -> Document:
    from daihoi.dossier_docs.ballot_box import ballot_sealing_minutes as build

    return build(rnd, _language())
