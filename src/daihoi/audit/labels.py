"""What each audit action code means, in words: the one place that turns `accounts.user.logged_in` into
"Đăng nhập". The log itself keeps the code (it is hashed into the chain); pages show the label.

A code the code base logs must have a label here (tests/audit/test_action_labels.py reads the source and
fails on a missing one). An unknown code — an old entry, a restored backup — still reads in Vietnamese:
the label of its area ("Đại hội: thao tác khác"), and the code only in the title attribute.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # accounts
    "accounts.user.logged_in": _("Logged in"),
    "accounts.user.logged_out": _("Logged out"),
    "accounts.user.login_failed": _("Failed login"),
    "accounts.user.created": _("User created"),
    "accounts.user.deactivated": _("User deactivated"),
    "accounts.user.reactivated": _("User reactivated"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.role.granted": _("Role granted"),
    "accounts.role.revoked": _("Role revoked"),
    # organizations and the roll
    "organizations.organization.created": _("Organization created"),
    "organizations.organization.updated": _("Organization updated"),
    "organizations.organization.deactivated": _("Organization deactivated"),
    "organizations.organization.reactivated": _("Organization reactivated"),
    "organizations.member.created": _("Member added to the roll"),
    "organizations.member.updated": _("Member's record updated"),
    "organizations.member.deactivated": _("Member removed from the roll"),
    "organizations.member.reactivated": _("Member restored to the roll"),
    "organizations.roll.imported": _("Roll imported from Excel"),
    # congresses
    "congress.created": _("Congress created"),
    "congress.convened_list.generated": _("Convened list built from the roll"),
    "congress.convened": _("Congress convened"),
    "congress.opened": _("Session opened"),
    "congress.closed": _("Congress closed"),
    "congress.deleted": _("Congress deleted"),
    "congress.archived": _("Congress archived"),
    "congress.delegate.added": _("Delegate added"),
    "congress.delegate.convened": _("Delegate convened"),
    "congress.delegate.unconvened": _("Delegate taken off the convened list"),
    "congress.delegate.replaced": _("Delegate replaced"),
    "congress.delegate.user_linked": _("Delegate linked to a login"),
    "congress.delegate.checked_in": _("Delegate checked in"),
    "congress.delegate.check_in_undone": _("Check-in undone"),
    "congress.delegate.absence_recorded": _("Absence recorded"),
    "congress.agenda.item_added": _("Agenda item added"),
    "congress.agenda.current_set": _("Current agenda item set"),
    "congress.open_vote.created": _("Show-of-hands vote created"),
    "congress.open_vote.opened": _("Show-of-hands vote opened"),
    "congress.open_vote.recorded": _("Show-of-hands vote recorded"),
    "congress.open_vote.closed": _("Show-of-hands vote closed"),
    "congress.open_vote.deleted": _("Show-of-hands vote deleted"),
    "congress.document.uploaded": _("Congress document uploaded"),
    "congress.document.commented": _("Comment on a document"),
    # elections
    "election.created": _("Election created"),
    "election.deleted": _("Election deleted"),
    "election.seats.decided": _("Number to elect recorded"),
    "election.entries.not_independent": _("Both entries of a stack made by one login"),
    "election.candidate.nominated": _("Candidate nominated"),
    "election.candidate.removed_as_mistake": _("Name typed by mistake removed from the list"),
    "election.candidate.withdrawal_requested": _("Candidate asked to withdraw"),
    "election.candidate.withdrawal_decided": _("Withdrawal decided by vote"),
    "election.opinion_ballot.recorded": _("Opinion ballot recorded"),
    "election.list.approved": _("Candidate list approved"),
    "election.round.started": _("Voting round started"),
    "election.round.candidate_added": _("Candidate added to the round"),
    "election.round.declined": _("Further round declined"),
    "election.round.mode_set": _("Counting mode set"),
    "election.round.counts_entered": _("Ballots issued and returned entered"),
    "election.round.totals_entered": _("Vote totals entered"),
    "election.round.counted": _("Round counted"),
    "election.ballot.entered": _("Ballot entered"),
    "election.ballot.changed": _("Ballot entry changed"),
    "election.ballot.resolved": _("Ballot discrepancy resolved"),
    "election.result.published": _("Result published"),
    "election.result.approved": _("Result approved"),
    "election.news.saved": _("Election news saved"),
    # targets
    "targets.resolution.confirmed": _("Resolution targets adopted"),
    "targets.actual.set": _("Figure entered"),
    "targets.member_rating.set": _("Member's rating set"),
    "targets.member_rating.cleared": _("Member's rating cleared"),
    "targets.organization_rating.set": _("Organization's rating set"),
    "targets.organization_rating.cleared": _("Organization's rating cleared"),
    "targets.quota_exception.set": _("Rating quota exception set"),
    "targets.discipline.recorded": _("Disciplinary measure recorded"),
    "targets.ratings.imported": _("Ratings imported from Excel"),
    # the system
    "system.database.backed_up": _("Database backed up"),
    "system.database.restored": _("Database restored"),
}

# The first part of a code -> the area it belongs to, for a code without a label of its own.
AREA_LABELS: dict[str, Promise] = {
    "accounts": _("Users"),
    "organizations": _("Organizations and the roll"),
    "congress": _("Congress"),
    "election": _("Elections"),
    "targets": _("Targets"),
    "system": _("System"),
}


def action_label(code: str) -> str:
    """The Vietnamese (active language) phrase for an audit action code."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    area = AREA_LABELS.get(code.split(".", 1)[0])
    if area is not None:
        return gettext("%(area)s: other operation") % {"area": area}
    return gettext("Other operation")


def action_choices(codes: list[str]) -> list[tuple[str, str]]:
    """(value, label) for the filter: each area present ("accounts." — every user action), then each code,
    by label. The filter matches a prefix, so an area's value selects all of its actions."""
    areas = sorted({code.split(".", 1)[0] for code in codes} & set(AREA_LABELS))
    by_area = [(f"{area}.", gettext("All: %(area)s") % {"area": AREA_LABELS[area]}) for area in areas]
    by_code = sorted(((code, action_label(code)) for code in codes), key=lambda pair: (pair[1], pair[0]))
    return by_area + by_code


def object_label(object_type: str) -> str:
    """`organizations.member` -> the model's verbose name ("đảng viên"); unknown -> a generic word."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return gettext("record") if object_type else ""
    return str(model._meta.verbose_name)
