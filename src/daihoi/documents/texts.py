"""Fixed wording of Party documents: the date line, number/symbol and the standard labels.

Labels go through gettext so a document renders in its own language (`Document.language`), which
need not be the language of the person who clicked "download".
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.utils.translation import gettext, override

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def nfc(text: str) -> str:
    """Precomposed Vietnamese letters: PDF fonts have glyphs for "ầ", not for "a" + two marks."""
    return unicodedata.normalize("NFC", text)


def party_date(place: str, date: dt.date | None, language: str = "vi") -> str:
    """The line "Tiên Phong, ngày 05 tháng 01 năm 2025".

    Days below 10 and the months 1 and 2 take a leading zero (36-HD, as in "ngày 20 tháng 02 năm
    2018"); other months are written as they are ("ngày 15 tháng 8 năm 2025"). `date` None gives
    the blank form "ngày … tháng … năm …" to fill by hand.
    """
    prefix = f"{place}, " if place else ""
    if language.startswith("en"):
        if date is None:
            return f"{prefix}…… ……, ……"
        return f"{prefix}{_ENGLISH_MONTHS[date.month - 1]} {date.day:02d}, {date.year}"
    if date is None:
        return f"{prefix}ngày …… tháng …… năm ……"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{prefix}ngày {date.day:02d} tháng {month} năm {date.year}"


def number_symbol(number: int | None, type_code: str, issuer_code: str) -> str:
    """The number "Số 03-BB/ĐH": hyphen before the type code, slash before the issuer, 1–9 padded.

    `number` None leaves a dotted blank ("Số ……-BB/ĐH") with room to write the number by hand.
    """
    digits = "……" if number is None else f"{number:02d}"
    return f"Số {digits}-{type_code}/{issuer_code}"


def party_title(language: str) -> str:
    with override(language):
        return gettext("COMMUNIST PARTY OF VIETNAM")


def recipients_label(language: str) -> str:
    with override(language):
        return gettext("Recipients:")


def sign_note(language: str) -> str:
    """The note "(Ký, ghi rõ họ tên)" under a signer's title."""
    with override(language):
        return gettext("(Signature and full name)")
