"""Domain errors of the season: a machine code (pages and tests switch on it) and a Vietnamese message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from daihoi.errors import CodedError

MESSAGES: dict[str, Any] = {
    "season_not_superior": _(
        "%(org)s is not a committee above the grassroots: it has no season of congresses to plan."
    ),
    "season_exists": _("%(org)s already has a season for the term starting in %(year)s."),
    "season_bad_term": _(
        "The term %(start)s–%(end)s is not valid: it must end after it starts, within %(years)s years."
    ),
    "season_nothing_below": _("No grassroots organization is registered below %(org)s."),
    "plan_window_order": _("The congress window of %(org)s opens on %(start)s, after it closes (%(end)s)."),
    "plan_window_outside": _(
        "The %(field)s of %(org)s (%(value)s) lies outside the years of the season (%(first)s–%(last)s)."
    ),
    "plan_bad_date": _("The %(field)s “%(value)s” is not a date (write it dd/mm/yyyy)."),
    "plan_bad_number": _("The %(field)s of %(org)s must be between %(low)s and %(high)s (not %(value)s)."),
    # the allocation (codes of daihoi.core.season.allocation)
    "allocation_negative": _("The %(field)s cannot be negative (%(value)s)."),
    "allocation_no_organizations": _("The season has no organization to share the seats among."),
    "allocation_total_below_ex_officio": _(
        "The congress convenes %(total)s delegates, fewer than its %(ex_officio)s ex officio delegates."
    ),
    "allocation_no_members": _(
        "%(organization)s has no official member on its roll: it cannot be given delegates by membership."
    ),
    "allocation_cap_below_minimum": _(
        "%(organization)s can send at most %(cap)s delegates, fewer than the minimum of %(minimum)s."
    ),
    "allocation_minimum_too_high": _(
        "%(elected)s elected seats cannot give %(organizations)s organizations at least %(minimum)s each "
        "(%(needed)s would be needed)."
    ),
    "allocation_caps_too_small": _(
        "The organizations can send at most %(capacity)s delegates in all, fewer than the %(elected)s "
        "elected seats."
    ),
}

FIELD_LABELS: dict[str, Any] = {
    "total": _("delegates convened in all"),
    "ex_officio": _("ex officio delegates"),
    "minimum": _("minimum delegates per organization"),
    "window_start": _("congress window opens"),
    "window_end": _("congress window closes"),
    "committee_seats": _("committee seats"),
    "delegates": _("delegates to the upper congress"),
    "alternates": _("alternate delegates"),
}


class SeasonError(CodedError):
    MESSAGES: ClassVar[Mapping[str, Any]] = MESSAGES

    def __init__(self, code: str, **params: Any) -> None:
        if "field" in params:
            params["field"] = FIELD_LABELS.get(str(params["field"]), params["field"])
        super().__init__(code, **params)
