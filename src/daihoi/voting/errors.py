"""Errors of voting on phones: a machine code (pages, the API and tests switch on it) and a message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from daihoi.congresses.procedure import MESSAGES as PROCEDURE_MESSAGES
from daihoi.errors import CodedError

MESSAGES = {
    "code_unknown": _(
        "This code does not bind a phone: it is wrong, already used or expired. Ask the desk for a new one."
    ),
    "device_active": _(
        "%(name)s already has a phone bound (since %(time)s). Revoke it first if it is lost or changed."
    ),
    "device_unknown": _("This phone is not bound to a delegate. Ask the check-in desk for a code."),
    "device_revoked": _("This phone's binding was revoked. Ask the check-in desk for a new code."),
    "not_your_delegate": _("Your login is not linked to this delegate."),
    "not_this_congress": _("This phone is bound to a delegate of another congress."),
    "ballot_malformed": _("The ballot could not be read: %(detail)s"),
    "vote_not_open": _("The open vote “%(value)s” is not open."),
    "already_chosen": _("You have already voted on “%(value)s”."),
    "bad_choice": _("“%(value)s” is not a choice (agree, disagree or abstain)."),
    "delegate_unknown": _("No delegate of this congress has the number or code “%(value)s”."),
    "deadline_bad": _("The time for voting must be between 1 and %(max)s minutes (got “%(value)s”)."),
    # The verifiable ballot (docs/verifiable-voting.md, services.verifiable).
    "ballot_rejected": _(
        "The encrypted ballot was refused: %(detail)s. Reload the ballot page and vote again."
    ),
    "duplicate_ciphertext": _(
        "This encrypted ballot repeats a part of a ballot already received. Reload the ballot page: "
        "the phone encrypts again."
    ),
    "poll_encrypted_only": _(
        "This poll takes encrypted ballots only. Reload the ballot page: the phone encrypts the ballot."
    ),
    "reveal_rejected": _(
        "The checked ballot was refused: what the phone revealed does not open its encryption to a ballot "
        "of this list. Do not cast on this phone; tell the counting committee."
    ),
    "poll_manifest_invalid": _(
        "This list cannot be voted with encrypted ballots: the number of names a ballot may keep is below "
        "the number of names without surplus."
    ),
    "trustee_other_key": _("%(name)s does not hold a share of this poll's election key."),
    "decryption_share_exists": _("%(name)s has already decrypted this poll's tally."),
    "decryption_share_rejected": _("The decryption by %(name)s was refused: %(detail)s."),
}


class VotingError(CodedError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {**PROCEDURE_MESSAGES, **MESSAGES}
