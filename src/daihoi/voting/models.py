"""Phones bound to delegates, electronic polls, and what was voted kept apart from who voted.

Secrecy (docs/security.md, "Electronic voting"): `Participation` says who took a ballot in a poll and on
which channel, with no time; `Ballot` says what one ballot holds, with a random id, no voter, no time and
no sequence. Closing a poll rewrites its ballots in a random order (services.polls), so not even the
database's own row order or transaction ids follow the order of voting once the poll is closed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Device(models.Model):
    """A phone (or hall tablet) bound to one delegate: its browser holds a random token in a cookie;
    only the token's SHA-256 is stored."""

    delegate = models.ForeignKey(
        "congresses.Delegate", verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="devices"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("device"), max_length=128, blank=True)
    bound_at = models.DateTimeField(_("bound at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("voting device")
        verbose_name_plural = _("voting devices")
        ordering = ("delegate", "bound_at")
        constraints = (
            # One active phone per delegate: a lost phone is revoked before another is bound.
            models.UniqueConstraint(
                fields=["delegate"], condition=models.Q(revoked_at__isnull=True), name="one_active_device"
            ),
        )

    def __str__(self) -> str:
        return f"{self.delegate} ({self.label or self.pk})"


class BindingCode(models.Model):
    """A one-time code the desk shows to a checked-in delegate (as a QR code the phone's camera opens);
    only its SHA-256 is stored. It binds one phone, once, before it expires."""

    delegate = models.ForeignKey(
        "congresses.Delegate", on_delete=models.CASCADE, related_name="binding_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("delegate", "created_at")

    def __str__(self) -> str:
        return f"{self.delegate} {self.created_at:%H:%M}"


class PollStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("poll", "Open")
    CLOSED = "closed", pgettext_lazy("poll", "Closed")


class Poll(models.Model):
    """The electronic poll of one round of a secret-ballot election."""

    round = models.OneToOneField(
        "elections.Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="poll"
    )
    status = models.CharField(_("status"), max_length=16, choices=PollStatus.choices, default="open")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    deadline = models.DateTimeField(_("voting ends at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Frozen when the poll closes: the delegates entitled to vote then (their numbers), the ballots cast
    # on phones, the paper ballots the desk issued.
    entitled = models.JSONField(_("entitled when closed"), default=list, blank=True)
    electronic = models.PositiveIntegerField(_("ballots cast electronically"), null=True, blank=True)
    paper_issued = models.PositiveIntegerField(_("paper ballots issued"), null=True, blank=True)
    # A verifiable poll (docs/verifiable-voting.md): the phones encrypt under the ceremony's key. The
    # manifest is fixed when the poll opens; its SHA-256 (`context`) is in every ballot and proof. At close
    # the server sums the ciphertexts (`tally`); `result` is what k trustees' shares decrypt it to.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ceremony = models.ForeignKey(
        "KeyCeremony", null=True, blank=True, on_delete=models.PROTECT, related_name="polls"
    )
    manifest = models.JSONField(_("manifest"), null=True, blank=True)
    context = models.CharField(max_length=64, blank=True)
    tally = models.JSONField(_("encrypted tally"), null=True, blank=True)
    result = models.JSONField(_("decrypted result"), null=True, blank=True)
    decrypted_at = models.DateTimeField(_("decrypted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("electronic poll")
        verbose_name_plural = _("electronic polls")

    def __str__(self) -> str:
        return str(self.round)

    @property
    def verifiable(self) -> bool:
        return self.ceremony_id is not None


class Channel(models.TextChoices):
    ELECTRONIC = "electronic", _("On a phone")
    PAPER = "paper", _("On paper")


class Participation(models.Model):
    """Who took a ballot in a poll, and on which channel. No time: the order of voting is not kept."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    delegate = models.ForeignKey("congresses.Delegate", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["poll", "delegate"], name="one_ballot_per_delegate_per_poll"),
        )

    def __str__(self) -> str:
        return f"{self.delegate_id}:{self.channel}"


class Ballot(models.Model):
    """What one electronic ballot holds, and nothing about who cast it or when.

    `content` is the canonical text of the paper count (daihoi.elections.services.engine.parse_entry):
    on a list with surplus the numbers of the struck names ("2,5"), otherwise one digit per name (1 agree,
    2 disagree). The id is random, so no order of casting survives in it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    content = models.TextField(blank=True)

    class Meta:
        ordering = ("poll", "id")

    def __str__(self) -> str:
        return str(self.id)


class OpenVoteChoice(models.Model):
    """An open vote taken on a phone records each delegate's choice, as a raised card does."""

    class Choice(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        ABSTAIN = "abstain", _("Abstain")

    vote = models.ForeignKey("congresses.OpenVote", on_delete=models.CASCADE, related_name="phone_choices")
    delegate = models.ForeignKey("congresses.Delegate", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("choice"), max_length=16, choices=Choice.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("vote", "delegate")
        constraints = (
            models.UniqueConstraint(fields=["vote", "delegate"], name="one_phone_choice_per_delegate"),
        )

    def __str__(self) -> str:
        return f"{self.delegate_id}:{self.choice}"


# ---------------------------------------------------------------- the verifiable ballot


class CeremonyStatus(models.TextChoices):
    KEYS = "keys", pgettext_lazy("ceremony", "Key holders joining")
    DEALING = "dealing", pgettext_lazy("ceremony", "Key shares being dealt")
    CONFIRMING = "confirming", pgettext_lazy("ceremony", "Key shares being checked")
    COMPLETE = "complete", pgettext_lazy("ceremony", "Complete")
    CANCELLED = "cancelled", pgettext_lazy("ceremony", "Cancelled")


class KeyCeremony(models.Model):
    """The counting committee's key ceremony for a verifiable congress (docs/verifiable-voting.md §2).

    Only public messages are stored: communication keys, commitments, encrypted shares, confirmations.
    `public_key` (the election key) is set when every trustee has confirmed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="ceremonies"
    )
    trustees = models.PositiveSmallIntegerField(_("key holders"))
    threshold = models.PositiveSmallIntegerField(_("key holders needed to decrypt"))
    status = models.CharField(_("status"), max_length=16, choices=CeremonyStatus.choices, default="keys")
    public_key = models.CharField(_("election key"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("key ceremony")
        verbose_name_plural = _("key ceremonies")
        ordering = ("congress", "created_at")
        constraints = (
            # One ceremony in progress or complete per congress; cancelled ones stay for the record.
            models.UniqueConstraint(
                fields=["congress"], condition=~models.Q(status="cancelled"), name="one_live_ceremony"
            ),
        )

    def __str__(self) -> str:
        return f"{self.congress_id}:{self.uuid}"

    @property
    def context(self) -> str:
        """ctxK of the protocol (§1)."""
        return f"ceremony:{self.uuid}"


class Trustee(models.Model):
    """A member of the counting committee who holds a key share; their device joins with a one-time link
    (only the token's SHA-256 is stored) and posts the ceremony's messages."""

    ceremony = models.ForeignKey(KeyCeremony, on_delete=models.CASCADE, related_name="trustee_set")
    index = models.PositiveSmallIntegerField(pgettext_lazy("key holder", "number"))  # 1..n: x of the shares
    name = models.CharField(_("name"), max_length=255)
    token_hash = models.CharField(max_length=64, unique=True)
    comm_key = models.JSONField(null=True, blank=True)  # {"E", "pok"}
    deal = models.JSONField(null=True, blank=True)  # {"commitments", "pok", "shares"}
    confirmation = models.JSONField(null=True, blank=True)  # {"X", "pok"}
    verification_key = models.CharField(max_length=64, blank=True)
    complaint_against = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("key holder")
        verbose_name_plural = _("key holders")
        ordering = ("ceremony", "index")
        constraints = (models.UniqueConstraint(fields=["ceremony", "index"], name="one_trustee_per_index"),)

    def __str__(self) -> str:
        return f"{self.index}. {self.name}"


class EncryptedBallot(models.Model):
    """One encrypted ballot on a verifiable poll's board: its canonical JSON and its tracker (mã phiếu).
    As `Ballot`: a random id, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="encrypted_ballots")
    tracker = models.CharField(max_length=64)  # base32 of the SHA-256, without spaces
    body = models.TextField()  # the ballot's canonical JSON (the tracker hashes exactly this)

    class Meta:
        ordering = ("poll", "tracker")
        constraints = (models.UniqueConstraint(fields=["poll", "tracker"], name="one_tracker_per_poll"),)

    def __str__(self) -> str:
        return self.tracker


class CiphertextKey(models.Model):
    """Every first component A of a cast ballot's ciphertexts, unique in its poll: a ballot that copies a
    ciphertext of another (to learn or repeat its vote) is refused by the database itself."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    a = models.CharField(max_length=64)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["poll", "a"], name="ciphertext_a_unique_in_poll"),)

    def __str__(self) -> str:
        return self.a


class AuditedBallot(models.Model):
    """A ballot the voter challenged (Benaloh, §4.4): never cast, posted with its plaintext and randomness
    so any device can check the phone encrypted what the voter chose. No voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="audited_ballots")
    tracker = models.CharField(max_length=64)
    body = models.TextField()
    reveal = models.JSONField()

    class Meta:
        ordering = ("poll", "tracker")
        constraints = (models.UniqueConstraint(fields=["poll", "tracker"], name="one_audited_per_tracker"),)

    def __str__(self) -> str:
        return self.tracker


class DecryptionShare(models.Model):
    """A trustee's decryption share of a closed poll's tally with its proofs, checked on arrival."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="decryption_shares")
    trustee = models.ForeignKey(Trustee, on_delete=models.PROTECT, related_name="+")
    body = models.JSONField()  # {"trustee", "D", "proofs"}
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("poll", "trustee__index")
        constraints = (models.UniqueConstraint(fields=["poll", "trustee"], name="one_share_per_trustee"),)

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.trustee_id}"
