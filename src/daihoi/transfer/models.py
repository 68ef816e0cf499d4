"""Trusted laptop keys and the packages imported from them (docs/transfer.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustedKey(models.Model):
    """A hall laptop's signing key, trusted for one organization's packages.

    Registered beforehand by the superior committee's organizer (or a superuser) from the fingerprint or
    the public key the laptop shows (`daihoi package key`, or the congress's export page)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="trusted_keys",
    )
    public_key = models.CharField(_("public key"), max_length=64, blank=True)
    fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    note = models.CharField(_("note"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted key")
        verbose_name_plural = _("trusted keys")
        ordering = ("organization", "added_at", "id")
        constraints = (
            models.UniqueConstraint(fields=["organization", "fingerprint"], name="trusted_key_once_per_org"),
        )

    def __str__(self) -> str:
        return self.fingerprint


class ImportedPackage(models.Model):
    """A package imported into this server: the package itself, who signed it, the congress it made and
    the laptop's audit chain, kept as it came (read-only)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="imported_packages",
    )
    congress = models.OneToOneField(
        "congresses.Congress",
        verbose_name=_("congress"),
        on_delete=models.PROTECT,
        related_name="imported_package",
    )
    sha256 = models.CharField(_("package fingerprint (SHA-256)"), max_length=64, unique=True)
    signer_public_key = models.CharField(_("public key"), max_length=64)
    signer_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    manifest = models.JSONField(_("manifest"), default=dict)
    chain = models.JSONField(_("audit log of the laptop"), default=list)
    package = models.BinaryField(_("package"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("imported package")
        verbose_name_plural = _("imported packages")
        ordering = ("-imported_at", "-id")

    def __str__(self) -> str:
        return self.sha256[:16]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("an imported package is read-only")
        super().save(*args, **kwargs)
