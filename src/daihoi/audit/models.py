"""The append-only audit log: every state change, chained by a keyed hash (HMAC-SHA256, daihoi.audit.chain)
so that edits, deletions and insertions show."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditHead(models.Model):
    """One row per chain holding its newest entry's hash; locking it serializes appends to that chain
    only (one organization never waits for another)."""

    # The chain's name: the roll owner's code of its organizations, "" for the system chain.
    chain = models.CharField(max_length=64, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # Which key signs the chain (daihoi.audit.chain.key_id): an app server with another key refuses to append.
    key_id = models.CharField(max_length=16, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.chain or '-'} #{self.last_seq} {self.last_hash[:16]}"


class AuditEntry(models.Model):
    # The chain the entry belongs to (daihoi.audit.services.chain_name) and its number in it, from 1.
    chain = models.CharField(_("audit chain"), max_length=64, default="", db_default="", blank=True)
    seq = models.BigIntegerField(_("sequence"))
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        # PROTECT: a user who acted is deactivated, never deleted (SET_NULL would UPDATE entries).
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    organization_code = models.CharField(_("organization"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("details"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["id"]  # noqa: RUF012 - Django Meta: the order of appending, across chains
        constraints = [  # noqa: RUF012 - Django Meta
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.chain or '-'} #{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")
