"""Errors of the delegates' congress built from the delegations elected below (issue 14)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from daihoi.congresses.errors import CongressError

MESSAGES = {
    "upper_exists": _("The season already has its delegates' congress: %(title)s."),
    "no_upper_congress": _("Create the delegates' congress of the season first."),
    "upper_not_draft": _(
        "The delegates' congress is no longer being prepared (status: %(status)s): its convened list is "
        "fixed."
    ),
    "delegations_missing": _(
        "The delegations of these organizations are not announced yet: %(organizations)s. The convened "
        "list can be built once every organization of the plan has announced its delegates."
    ),
    "no_plan": _("The season's plan has no organization: there is no delegation to bring together."),
    "ex_officio_name_required": _("Type the full name of the ex officio delegate (field “%(field)s”)."),
    "ex_officio_duplicate": _("%(name)s is already an ex officio delegate of this season."),
    "no_previous_committee": _(
        "No earlier congress of %(org)s in daihoi has an announced executive committee election: type the "
        "ex officio delegates."
    ),
    "flag_unknown": _("“%(value)s” is not a reason for flagging credentials (field “%(field)s”)."),
    "note_required": _("Give the reason in the note (field “%(field)s”)."),
    "not_flagged": _("%(name)s (no. %(number)s) has no credentials flag to clear."),
    "not_elected_below": _(
        "%(name)s (no. %(number)s) is not an official delegate elected below: only they are replaced by "
        "an alternate."
    ),
    "already_replaced": _("%(name)s (no. %(number)s) is already replaced by %(by)s."),
    "decision_required": _(
        "Give the number and date of the superior's decision on the replacement (field “%(field)s”)."
    ),
    "no_alternate_left": _("No alternate delegate of %(org)s is left to replace %(name)s (no. %(number)s)."),
    "not_delegates_congress": _("%(title)s is not a delegates' congress."),
}


class UpperError(CongressError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {**CongressError.MESSAGES, **MESSAGES}
