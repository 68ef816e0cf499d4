"""Domain errors of the congress: a machine code (kiosks and tests switch on it) and a translated message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from daihoi.congresses.procedure import MESSAGES as PROCEDURE_MESSAGES
from daihoi.errors import CodedError

MESSAGES = {
    "unknown_code": _("No delegate has the code or number “%(value)s”."),
    "not_convened": _("%(name)s (no. %(number)s) is not convened: %(reason)s"),
    "suspended": _("%(name)s (no. %(number)s) is suspended and not convened."),
    "already_present": _("%(name)s (no. %(number)s) is already checked in."),
    "replaced": _("%(name)s (no. %(number)s) has been replaced by an alternate delegate."),
    "not_present": _("%(name)s (no. %(number)s) is not checked in."),
    "reason_required": _("Give a reason (field “%(field)s”)."),
    "ballot_taken": _(
        "Delegate no. %(number)s, %(name)s, has taken a ballot in the vote still open: their check-in can be "
        "undone once the presidium closes it."
    ),
    "congress_not_convened": _("The congress is not convened yet (status: %(status)s)."),
    "congress_closed": _("The congress is closed."),
    "congress_not_open": _("The congress is not in session (status: %(status)s)."),
    "wrong_status": _("Cannot %(action)s: the status is “%(status)s”."),
    "list_exists": _(
        "The convened list already has %(count)s people; it can only be rebuilt before convening."
    ),
    "list_empty": _("The convened list is empty."),
    "no_quorum": _(
        "No quorum: %(present)s of %(convened)s convened are present; at least %(needed)s are needed."
    ),
    "candidate_in_counting_committee": _(
        "%(name)s is a candidate in an election of this congress and may not sit on the counting committee."
    ),
    "not_a_voter": _("%(name)s has no vote at this congress and may not sit on the %(body)s."),
    "not_in_congress": _("Delegate %(value)s does not belong to this congress."),
    "counts_missing": _("Enter the counts (agree, disagree) before closing the vote."),
    "counts_exceed_present": _("The counts add up to %(total)s but only %(present)s voters are present."),
    "negative_count": _("The count “%(field)s” cannot be negative (%(value)s)."),
    "empty_base": _("The threshold base is zero: nobody can vote."),
    "nominees_required": _("Name the members of the %(body)s."),
    "seats_required": _("Enter the proposed number of seats."),
    "not_a_member": _("Member %(value)s is not on the roll of %(org)s."),
    "wrong_kind": _("“%(value)s” is not allowed in field “%(field)s”."),
    "duplicate_delegate": _("%(name)s is already on the list (no. %(number)s)."),
    "not_alternate": _("%(name)s is not an alternate delegate."),
    "replacement_present": _("%(name)s is present and cannot be replaced."),
    "not_checked_in": _("Check in at the desk first to read the documents."),
    "comments_closed": _("This document is not open for comments."),
    "unknown_section": _("“%(value)s” is not a section of this document."),
    "empty_comment": _("The comment is empty."),
    "unknown_user": _("There is no login named “%(value)s”."),
    "link_request_decided": _("This request has already been decided."),
    "username_required": _("Type the username of the login to link."),
    "another_vote_open": _("The open vote “%(value)s” is still in progress: close it first."),
    "bad_file": _("“%(value)s” is not a PDF or Word file."),
    "number_out_of_range": _(
        "The congress number must be from %(min)s to %(max)s (field “%(field)s”: %(value)s)."
    ),
    "duplicate_number": _(
        "Congress no. %(value)s already exists in %(org)s (field “%(field)s”); choose another number."
    ),
    "year_out_of_range": _("The year of “%(field)s” must be from %(min)s to %(max)s (value: %(value)s)."),
    "term_not_after_start": _(
        "The term must end after it starts (field “%(field)s”: %(value)s, the term starts in %(start)s). "
        "A term is normally %(usual)s years; another length is allowed up to %(max)s years."
    ),
    "term_too_long": _(
        "The term %(start)s – %(value)s lasts %(years)s years (field “%(field)s”): a term is normally "
        "%(usual)s years and may not last more than %(max)s."
    ),
    "dates_reversed": _("The last day (field “%(field)s”: %(value)s) is before the first day (%(start)s)."),
    "ballot_form_poll": _(
        "“%(field)s” can no longer be changed: an electronic poll was opened for %(election)s, round "
        "%(round)s."
    ),
    "ballot_form_counted": _(
        "“%(field)s” can no longer be changed: ballots of %(election)s, round %(round)s, are already counted."
    ),
    "in_use": _("The congress already has votes or elections: it can only be archived (%(reasons)s)."),
    "congress_archived": _("The congress was archived on %(date)s: it can be read but not changed."),
    "archive_in_session": _("The congress is in session: close it before archiving it."),
}


class CongressError(CodedError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {**PROCEDURE_MESSAGES, **MESSAGES}
