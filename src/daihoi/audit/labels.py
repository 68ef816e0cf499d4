"""What each audit action code means, in words: the one place that turns `accounts.user.logged_in` into
"Đăng nhập". The log itself keeps the code (it is hashed into the chain); pages show the label.

A code the code base logs must have a label here (tests/audit/test_action_labels.py reads the source and
fails on a missing one). An unknown code — an old entry, a restored backup — still reads in Vietnamese:
the label of its area ("Đại hội: thao tác khác"), and the code only in the title attribute.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

ACTION_LABELS: dict[str, Promise] = {
    # accounts
    "accounts.user.logged_in": pgettext_lazy("audit", "Logged in"),
    "accounts.user.logged_out": pgettext_lazy("audit", "Logged out"),
    "accounts.user.login_failed": pgettext_lazy("audit", "Failed login"),
    "accounts.user.created": pgettext_lazy("audit", "User created"),
    "accounts.user.deactivated": pgettext_lazy("audit", "User deactivated"),
    "accounts.user.reactivated": pgettext_lazy("audit", "User reactivated"),
    "accounts.user.password_changed": pgettext_lazy("audit", "Password changed"),
    "accounts.role.granted": pgettext_lazy("audit", "Role granted"),
    "accounts.role.revoked": pgettext_lazy("audit", "Role revoked"),
    "accounts.login.locked_out": pgettext_lazy("audit", "Login locked (too many wrong passwords)"),
    "accounts.login.unlocked": pgettext_lazy("audit", "Login lockout lifted (address or all)"),
    "accounts.user.unlocked": pgettext_lazy("audit", "User's login unlocked"),
    # organizations and the roll
    "organizations.organization.created": pgettext_lazy("audit", "Organization created"),
    "organizations.organization.updated": pgettext_lazy("audit", "Organization updated"),
    "organizations.organization.deactivated": pgettext_lazy("audit", "Organization deactivated"),
    "organizations.organization.reactivated": pgettext_lazy("audit", "Organization reactivated"),
    "organizations.member.created": pgettext_lazy("audit", "Member added to the roll"),
    "organizations.member.updated": pgettext_lazy("audit", "Member's record updated"),
    "organizations.member.deactivated": pgettext_lazy("audit", "Member removed from the roll"),
    "organizations.member.reactivated": pgettext_lazy("audit", "Member restored to the roll"),
    "organizations.roll.imported": pgettext_lazy("audit", "Roll imported from Excel"),
    "organizations.province.imported": pgettext_lazy("audit", "Province imported from Excel"),
    # congresses
    "congress.created": pgettext_lazy("audit", "Congress created"),
    "congress.convened_list.generated": pgettext_lazy("audit", "Convened list built from the roll"),
    "congress.convened": pgettext_lazy("audit", "Congress convened"),
    "congress.opened": pgettext_lazy("audit", "Session opened"),
    "congress.dossier.numbered": pgettext_lazy("audit", "Dossier document numbered or dated"),
    "congress.dossier.downloaded": pgettext_lazy("audit", "Dossier document downloaded"),
    "congress.dossier.citations": pgettext_lazy("audit", "Regulation or directive cited set"),
    "congress.ballot_form.changed": pgettext_lazy("audit", "How secret ballots are cast changed"),
    "congress.closed": pgettext_lazy("audit", "Congress closed"),
    "congress.deleted": pgettext_lazy("audit", "Congress deleted"),
    "congress.archived": pgettext_lazy("audit", "Congress archived"),
    "congress.delegate.added": pgettext_lazy("audit", "Delegate added"),
    "congress.delegate.convened": pgettext_lazy("audit", "Delegate convened"),
    "congress.delegate.unconvened": pgettext_lazy("audit", "Delegate taken off the convened list"),
    "congress.delegate.replaced": pgettext_lazy("audit", "Delegate replaced"),
    "congress.delegate.user_linked": pgettext_lazy("audit", "Delegate linked to a login"),
    "congress.delegate.link_requested": pgettext_lazy("audit", "Link of a login requested"),
    "congress.delegate.link_accepted": pgettext_lazy("audit", "Link of a login accepted"),
    "congress.delegate.link_declined": pgettext_lazy("audit", "Link of a login declined"),
    "congress.delegate.checked_in": pgettext_lazy("audit", "Delegate checked in"),
    "congress.delegate.check_in_undone": pgettext_lazy("audit", "Check-in undone"),
    "congress.delegate.absence_recorded": pgettext_lazy("audit", "Absence recorded"),
    "congress.agenda.item_added": pgettext_lazy("audit", "Agenda item added"),
    "congress.agenda.current_set": pgettext_lazy("audit", "Current agenda item set"),
    "congress.open_vote.created": pgettext_lazy("audit", "Show-of-hands vote created"),
    "congress.open_vote.opened": pgettext_lazy("audit", "Show-of-hands vote opened"),
    "congress.open_vote.recorded": pgettext_lazy("audit", "Show-of-hands vote recorded"),
    "congress.open_vote.closed": pgettext_lazy("audit", "Show-of-hands vote closed"),
    "congress.open_vote.deleted": pgettext_lazy("audit", "Show-of-hands vote deleted"),
    "congress.document.uploaded": pgettext_lazy("audit", "Congress document uploaded"),
    "congress.document.commented": pgettext_lazy("audit", "Comment on a document"),
    # elections
    "election.created": pgettext_lazy("audit", "Election created"),
    "election.deleted": pgettext_lazy("audit", "Election deleted"),
    "election.seats.decided": pgettext_lazy("audit", "Number to elect recorded"),
    "election.entries.not_independent": pgettext_lazy("audit", "Both entries of a stack made by one login"),
    "election.candidate.nominated": pgettext_lazy("audit", "Candidate nominated"),
    "election.candidate.removed_as_mistake": pgettext_lazy(
        "audit", "Name typed by mistake removed from the list"
    ),
    "election.candidate.withdrawal_requested": pgettext_lazy("audit", "Candidate asked to withdraw"),
    "election.candidate.withdrawal_decided": pgettext_lazy("audit", "Withdrawal decided by vote"),
    "election.opinion_ballot.recorded": pgettext_lazy("audit", "Opinion ballot recorded"),
    "election.list.approved": pgettext_lazy("audit", "Candidate list approved"),
    "election.round.started": pgettext_lazy("audit", "Voting round started"),
    "election.round.candidate_added": pgettext_lazy("audit", "Candidate added to the round"),
    "election.round.declined": pgettext_lazy("audit", "Further round declined"),
    "election.round.mode_set": pgettext_lazy("audit", "Counting mode set"),
    "election.round.counts_entered": pgettext_lazy("audit", "Ballots issued and returned entered"),
    "voting.binding_code.issued": pgettext_lazy("audit", "Phone binding code issued"),
    "voting.device.bound": pgettext_lazy("audit", "Phone bound to a delegate"),
    "voting.device.revoked": pgettext_lazy("audit", "Phone binding revoked"),
    "voting.poll.opened": pgettext_lazy("audit", "Electronic voting opened"),
    "voting.poll.extended": pgettext_lazy("audit", "Time for electronic voting changed"),
    "voting.paper_ballot.issued": pgettext_lazy("audit", "Paper ballot issued at the desk"),
    "voting.poll.closed": pgettext_lazy("audit", "Electronic voting closed"),
    "voting.ceremony.started": pgettext_lazy("audit", "Key ceremony started"),
    "voting.ceremony.link_reissued": pgettext_lazy("audit", "Key holder's link replaced"),
    "voting.ceremony.key_posted": pgettext_lazy("audit", "Key holder joined the key ceremony"),
    "voting.ceremony.dealt": pgettext_lazy("audit", "Key holder dealt their shares"),
    "voting.ceremony.confirmed": pgettext_lazy("audit", "Key holder checked their shares"),
    "voting.ceremony.completed": pgettext_lazy("audit", "Election key created"),
    "voting.ceremony.complaint": pgettext_lazy("audit", "Key holder's complaint: a share does not check out"),
    "voting.ceremony.cancelled": pgettext_lazy("audit", "Key ceremony cancelled"),
    "voting.poll.share_received": pgettext_lazy("audit", "Encrypted tally decrypted by one key holder"),
    "voting.poll.decrypted": pgettext_lazy("audit", "Ballots cast on phones decrypted"),
    "election.round.totals_entered": pgettext_lazy("audit", "Vote totals entered"),
    "election.round.counted": pgettext_lazy("audit", "Round counted"),
    "election.ballot.entered": pgettext_lazy("audit", "Ballot entered"),
    "election.ballot.changed": pgettext_lazy("audit", "Ballot entry changed"),
    "election.ballot.resolved": pgettext_lazy("audit", "Ballot discrepancy resolved"),
    "election.result.published": pgettext_lazy("audit", "Result published"),
    "election.result.approved": pgettext_lazy("audit", "Result approved"),
    "election.news.saved": pgettext_lazy("audit", "Election news saved"),
    # approval (chuẩn y) by the superior committee in daihoi
    "approval.submitted": pgettext_lazy("audit", "Result dossier submitted for approval"),
    "approval.approved": pgettext_lazy("audit", "Results approved by the superior"),
    "approval.returned": pgettext_lazy("audit", "Result dossier returned"),
    # targets
    "targets.resolution.confirmed": pgettext_lazy("audit", "Resolution targets adopted"),
    "targets.actual.set": pgettext_lazy("audit", "Figure entered"),
    "targets.actual.cleared": pgettext_lazy("audit", "Figure removed"),
    "targets.actuals.imported": pgettext_lazy("audit", "Figures imported from the statistics workbook"),
    "targets.member_rating.set": pgettext_lazy("audit", "Member's rating set"),
    "targets.member_rating.cleared": pgettext_lazy("audit", "Member's rating cleared"),
    "targets.organization_rating.set": pgettext_lazy("audit", "Organization's rating set"),
    "targets.organization_rating.cleared": pgettext_lazy("audit", "Organization's rating cleared"),
    "targets.quota_exception.set": pgettext_lazy("audit", "Rating quota exception set"),
    "targets.discipline.recorded": pgettext_lazy("audit", "Disciplinary measure recorded"),
    "targets.ratings.imported": pgettext_lazy("audit", "Ratings imported from Excel"),
    # the delegates' congress built from the delegations elected below (issue 14)
    "season.upper_congress.created": pgettext_lazy("audit", "Delegates' congress of the season created"),
    "season.ex_officio.added": pgettext_lazy("audit", "Ex officio delegate added"),
    "season.ex_officio.removed": pgettext_lazy("audit", "Ex officio delegate removed"),
    "season.ex_officio.moved": pgettext_lazy("audit", "Ex officio delegate moved in the order"),
    "season.ex_officio.imported": pgettext_lazy(
        "audit", "Ex officio delegates taken from the outgoing committee"
    ),
    "season.upper_list.built": pgettext_lazy(
        "audit", "Convened list built from the delegations elected below"
    ),
    "congress.credentials.checked": pgettext_lazy("audit", "Credentials checked against the rolls"),
    "congress.credentials.flagged": pgettext_lazy("audit", "Delegate's credentials flagged"),
    "congress.credentials.cleared": pgettext_lazy("audit", "Delegate's credentials flag cleared"),
    "congress.delegate.replaced_by_decision": pgettext_lazy(
        "audit", "Official delegate replaced by an alternate by the superior's decision"
    ),
    # the season (issue 14)
    "seasons.season.created": pgettext_lazy("audit", "Congress season opened"),
    "seasons.plan.updated": pgettext_lazy("audit", "Congress plan of an organization set"),
    "seasons.allocation.made": pgettext_lazy("audit", "Delegates allocated among the organizations"),
    # the system
    "system.database.backed_up": pgettext_lazy("audit", "Database backed up"),
    "system.database.restored": pgettext_lazy("audit", "Database restored"),
    "system.audit.chain_started": pgettext_lazy(
        "audit", "Audit log started (signed with the installation's key)"
    ),
    # signed packages from hall laptops (daihoi.transfer)
    "transfer.package.exported": pgettext_lazy("audit", "Signed package of the congress exported"),
    "transfer.package.imported": pgettext_lazy("audit", "Signed package of a congress imported"),
    "transfer.key.trusted": pgettext_lazy("audit", "Hall laptop's signing key trusted"),
    "system.audit.chain_opened": pgettext_lazy("audit", "Audit chain of an organization opened"),
    "system.audit.chains_split": pgettext_lazy("audit", "Audit log split into one chain per organization"),
}

# The first part of a code -> the area it belongs to, for a code without a label of its own.
AREA_LABELS: dict[str, Promise] = {
    "accounts": pgettext_lazy("audit", "Users"),
    "organizations": pgettext_lazy("audit", "Organizations and the roll"),
    "congress": pgettext_lazy("audit", "Congress"),
    "election": pgettext_lazy("audit", "Elections"),
    "targets": pgettext_lazy("audit", "Targets"),
    "seasons": pgettext_lazy("audit", "Congress season"),
    "system": pgettext_lazy("audit", "System"),
    "transfer": pgettext_lazy("audit", "Signed packages"),
}


def action_label(code: str) -> str:
    """The Vietnamese (active language) phrase for an audit action code."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    area = AREA_LABELS.get(code.split(".", 1)[0])
    if area is not None:
        return pgettext("audit", "%(area)s: other operation") % {"area": area}
    return pgettext("audit", "Other operation")


def action_choices(codes: list[str]) -> list[tuple[str, str]]:
    """(value, label) for the filter: each area present ("accounts." — every user action), then each code,
    by label. The filter matches a prefix, so an area's value selects all of its actions."""
    areas = sorted({code.split(".", 1)[0] for code in codes} & set(AREA_LABELS))
    by_area = [
        (f"{area}.", pgettext("audit", "All: %(area)s") % {"area": AREA_LABELS[area]}) for area in areas
    ]
    by_code = sorted(((code, action_label(code)) for code in codes), key=lambda pair: (pair[1], pair[0]))
    return by_area + by_code


def object_label(object_type: str) -> str:
    """`organizations.member` -> the model's verbose name ("đảng viên"); unknown -> a generic word."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return pgettext("audit", "record") if object_type else ""
    return str(model._meta.verbose_name)
