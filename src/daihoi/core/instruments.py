"""The Party instruments a congress document cites, and which one is in force on a date.

- The election regulation (Quy chế bầu cử trong Đảng): Quyết định 190-QĐ/TW of 10/10/2024, which
  replaced Quyết định 244-QĐ/TW of 09/6/2014 (both issued by the Ban Chấp hành Trung ương). A congress
  held before 10/10/2024 elected under 244.
- The Politburo's directive on the congresses of a term: Chỉ thị 45-CT/TW of 14/4/2020 for the
  2020–2025 term, Chỉ thị 35-CT/TW of 14/6/2024 for 2025–2030.

Each congress may set its own (a setting per congress); these give the default by date. Pure data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    code: str  # the setting's value
    number: str  # "190-QĐ/TW"
    kind: str  # "Quyết định", "Chỉ thị" (as cited in Vietnamese documents)
    issued_on: dt.date
    subject: str  # Vietnamese
    issuer: str = "Bộ Chính trị"  # the issuing body, as cited

    @property
    def citation(self) -> str:
        """ "Quyết định số 190-QĐ/TW ngày 10/10/2024 của Ban Chấp hành Trung ương" """
        return f"{self.kind} số {self.number} ngày {self.issued_on:%d/%m/%Y} của {self.issuer}"


# The election regulations (190, 244) are the Central Committee's; the directives are the Politburo's.
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"
POLITBURO = "Bộ Chính trị"

REGULATIONS: dict[str, Instrument] = {
    "190-QD/TW-2024": Instrument(
        "190-QD/TW-2024",
        "190-QĐ/TW",
        "Quyết định",
        dt.date(2024, 10, 10),
        "Quy chế bầu cử trong Đảng",
        CENTRAL_COMMITTEE,
    ),
    "244-QD/TW-2014": Instrument(
        "244-QD/TW-2014",
        "244-QĐ/TW",
        "Quyết định",
        dt.date(2014, 6, 9),
        "Quy chế bầu cử trong Đảng",
        CENTRAL_COMMITTEE,
    ),
}
DIRECTIVES: dict[str, Instrument] = {
    "35-CT/TW-2024": Instrument(
        "35-CT/TW-2024", "35-CT/TW", "Chỉ thị", dt.date(2024, 6, 14),
        "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    ),
    "45-CT/TW-2020": Instrument(
        "45-CT/TW-2020", "45-CT/TW", "Chỉ thị", dt.date(2020, 4, 14),
        "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    ),
}  # fmt: skip


def regulation_in_force(day: dt.date | None) -> Instrument:
    """The election regulation in force on `day` (None: the current one)."""
    current = REGULATIONS["190-QD/TW-2024"]
    if day is not None and day < current.issued_on:
        return REGULATIONS["244-QD/TW-2014"]
    return current


def directive_for_term(start_year: int | None) -> Instrument:
    """The Politburo directive on the congresses opening the term that starts in `start_year`."""
    if start_year is not None and start_year < 2025:
        return DIRECTIVES["45-CT/TW-2020"]
    return DIRECTIVES["35-CT/TW-2024"]
