"""The optional `minutes` block of a tally file: what the counting minutes print besides the count.

```json
"minutes": {"organization": "Đảng bộ Văn phòng UBND tỉnh", "superior": "Đảng bộ Khối …",
            "congress_number": 10, "delegates_congress": false, "term": "2020 - 2025",
            "locality": "Quảng Ngãi", "venue": "Hội trường …", "date": "2020-06-16", "time": "10:45",
            "what": "Ban Chấp hành Đảng bộ … khóa X, nhiệm kỳ 2020 - 2025",
            "counting_committee": ["Trần Văn A", "Lê Thị B", "Phạm Văn C"],
            "regulation": "190-QD/TW-2024", "number": 3}
```

Every field is optional; what is missing prints as a dotted blank. Unknown fields are refused, like the
rest of the file (docs/tally-format.md). Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from daihoi.core.instruments import REGULATIONS
from daihoi.core.numbers import roman

from .errors import ElectionInputError

MINUTES_FIELDS = (
    "organization", "superior", "congress_number", "delegates_congress", "term", "locality", "venue",
    "date", "time", "what", "counting_committee", "regulation", "number",
)  # fmt: skip
_TERM = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:hg](\d{2})(?::\d{2})?\s*$")


@dataclass(frozen=True)
class MinutesFacts:
    organization: str = ""
    superior: str = ""
    congress_number: str = ""  # Roman, as printed ("X")
    delegates_congress: bool | None = None  # None: from congress.kind
    term: str = ""  # "2020 - 2025"
    locality: str = ""
    venue: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    what: str = ""
    counting_committee: list[str] = field(default_factory=list)
    regulation: str = ""  # a key of daihoi.core.instruments.REGULATIONS; "" = in force on `date`
    number: int | None = None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ElectionInputError("wrong_type", field=f"minutes.{key}", value=_show(value), expected="string")
    return " ".join(value.split())


def parse_minutes_facts(data: Any) -> MinutesFacts:
    """The `minutes` block (None or missing: no facts). Errors name the field (`minutes.date`)."""
    if data is None:
        return MinutesFacts()
    if not isinstance(data, Mapping):
        raise ElectionInputError("wrong_type", field="minutes", value=_show(data), expected="object")
    for key in data:
        if key not in MINUTES_FIELDS:
            raise ElectionInputError("unknown_field", field=f"minutes.{key}", value=key)
    number_value = data.get("congress_number", "")
    if isinstance(number_value, int) and not isinstance(number_value, bool) and number_value > 0:
        congress_number = roman(number_value)
    elif isinstance(number_value, str):
        congress_number = number_value.strip().upper()
    else:
        raise ElectionInputError(
            "wrong_type", field="minutes.congress_number", value=_show(number_value),
            expected="positive integer or Roman numeral",
        )  # fmt: skip
    term = _text(data, "term")
    if term:
        match = _TERM.match(term)
        if not match or int(match.group(1)) >= int(match.group(2)):
            raise ElectionInputError(
                "wrong_type", field="minutes.term", value=_show(term), expected="2020 - 2025"
            )
        term = f"{match.group(1)} - {match.group(2)}"
    date = None
    if data.get("date") not in (None, ""):
        try:
            date = dt.date.fromisoformat(str(data["date"]))
        except ValueError:
            raise ElectionInputError(
                "wrong_type", field="minutes.date", value=_show(data["date"]), expected="YYYY-MM-DD"
            ) from None
    time = None
    if data.get("time") not in (None, ""):
        match = _TIME.match(str(data["time"]))
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ElectionInputError(
                "wrong_type", field="minutes.time", value=_show(data["time"]), expected="HH:MM"
            )
        time = dt.time(int(match.group(1)), int(match.group(2)))
    committee = data.get("counting_committee", [])
    if isinstance(committee, str):  # an xlsx cell: names separated by ";" or ","
        committee = re.split(r"[;,\n]", committee)
    if not isinstance(committee, list) or not all(isinstance(n, str) for n in committee):
        raise ElectionInputError(
            "wrong_type", field="minutes.counting_committee", value=_show(committee), expected="list of names"
        )
    regulation = _text(data, "regulation")
    if regulation and regulation not in REGULATIONS:
        raise ElectionInputError(
            "not_a_choice",
            field="minutes.regulation",
            value=_show(regulation),
            expected=", ".join(REGULATIONS),
        )
    number = data.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 1):
        raise ElectionInputError(
            "wrong_type", field="minutes.number", value=_show(number), expected="integer ≥ 1"
        )
    delegates = data.get("delegates_congress")
    if delegates is not None and not isinstance(delegates, bool):
        raise ElectionInputError(
            "wrong_type", field="minutes.delegates_congress", value=_show(delegates), expected="boolean"
        )
    return MinutesFacts(
        organization=_text(data, "organization"),
        superior=_text(data, "superior"),
        congress_number=congress_number,
        delegates_congress=delegates,
        term=term,
        locality=_text(data, "locality"),
        venue=_text(data, "venue"),
        date=date,
        time=time,
        what=_text(data, "what"),
        counting_committee=[" ".join(n.split()) for n in committee if n.strip()],
        regulation=regulation,
        number=number,
    )
