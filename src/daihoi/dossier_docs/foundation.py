"""TEMPORARY stand-in for daihoi.congresses.dossier (doc-base), same signatures: replaced once merged."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.documents.model import PartyHeader, Recipients, Signature, SignatureBlock
from daihoi.documents.texts import number_symbol


class Issuer(enum.StrEnum):
    CONGRESS = "congress"
    PRESIDIUM = "presidium"
    SECRETARIAT = "secretariat"
    CREDENTIALS = "credentials"
    COUNTING = "counting"
    COMMITTEE = "committee"


def party_header(
    subject: Any,
    issuer: Issuer,
    key: str | None = None,
    act_date: dt.date | None = None,
    *,
    type_code: str | None = None,
) -> PartyHeader:
    from daihoi.congresses.exports import congress_lines
    from daihoi.dossier_docs.common import committee_name

    org = subject.organization
    code = type_code or ""
    if issuer is Issuer.COMMITTEE:
        return PartyHeader(
            superior=[org.superior_body] if org.superior_body else [],
            issuer=committee_name(org.name),
            number_symbol=number_symbol(None, code, "ĐU") if code else None,
            place=org.place,
            date=act_date,
        )
    names = {
        Issuer.CONGRESS: _("The congress"),
        Issuer.PRESIDIUM: _("Presidium"),
        Issuer.SECRETARIAT: _("Secretariat"),
        Issuer.CREDENTIALS: _("Credentials committee"),
        Issuer.COUNTING: _("Counting committee"),
    }
    return PartyHeader(
        superior=congress_lines(subject),
        issuer=names[issuer],
        number_symbol=number_symbol(None, code, "ĐH") if code else None,
        place=org.place,
        date=act_date,
    )


def signature_for(
    subject: Any,
    issuer: Issuer,
    *names: str,
    members_sign: bool = False,
    recipients: Sequence[str] | None = None,
) -> SignatureBlock:
    authority, title = {
        Issuer.CONGRESS: (_("On behalf of the presidium"), ""),
        Issuer.PRESIDIUM: (_("On behalf of the presidium"), ""),
        Issuer.SECRETARIAT: (_("On behalf of the secretariat"), pgettext("secretariat", "Head")),
        Issuer.CREDENTIALS: (
            _("On behalf of the credentials committee"),
            pgettext("counting committee", "Head"),
        ),
        Issuer.COUNTING: (_("On behalf of the counting committee"), pgettext("counting committee", "Head")),
        Issuer.COMMITTEE: (_("On behalf of the Party committee"), pgettext("party committee", "Secretary")),
    }[issuer]
    head = Signature(authority=authority, title=title, name=names[0] if names else "")
    members = [Signature(title=pgettext("counting committee", "Member"), name=n) for n in names[1:]]
    return SignatureBlock(
        [*(members if members_sign else []), head],
        recipients=Recipients(list(recipients)) if recipients else None,
    )
