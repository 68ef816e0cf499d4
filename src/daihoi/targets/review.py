"""The review page's text: the pasted text cut into pieces, each proposed target's quote a marked piece.

Quotes are verbatim substrings of the cleaned text (`core.targets.text.clean`), so they are found by
plain search; targets sharing a quote (a range's two bounds) share one mark. The pieces are escaped by
the template like any other text: a quote holding "<script>" is shown, never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daihoi.core.targets.text import clean


@dataclass
class Piece:
    text: str
    mark: str = ""  # the mark's id ("q-1") for a quoted piece, "" for plain text
    numbers: str = ""  # the page numbers of the rows (kept) that quote it: "1, 2"


def highlight(text: str, rows: list[dict[str, Any]]) -> list[Piece]:
    """The cleaned text in pieces; sets row["mark"] to its quote's mark id ("" when not found).

    Each distinct quote is looked for after the previous one's place first (quotes come in text order),
    then anywhere; a quote overlapping an earlier mark keeps only its part after that mark.
    """
    source = clean(text)
    spans: dict[str, tuple[int, int, str]] = {}
    cursor = 0
    for row in rows:
        quote = clean(str(row.get("quote") or "")).strip()
        row["mark"] = ""
        if not quote:
            continue
        if quote not in spans:
            start = source.find(quote, cursor)
            if start < 0:
                start = source.find(quote)
            if start < 0:
                continue
            spans[quote] = (start, start + len(quote), f"q-{len(spans) + 1}")
            cursor = start + len(quote)
        row["mark"] = spans[quote][2]
    pieces: list[Piece] = []
    at = 0
    inside: dict[str, str] = {}  # a quote wholly inside an earlier mark: its rows point at that mark
    for start, end, mark in sorted(spans.values()):
        start = max(start, at)
        if start >= end:
            inside[mark] = pieces[-1].mark
            continue
        if start > at:
            pieces.append(Piece(source[at:start]))
        pieces.append(Piece(source[start:end], mark))
        at = end
    if at < len(source):
        pieces.append(Piece(source[at:]))
    numbers: dict[str, list[str]] = {}
    for number, row in enumerate(rows, start=1):
        row["mark"] = inside.get(row["mark"], row["mark"])
        if row["mark"] and row.get("keep", True):
            numbers.setdefault(row["mark"], []).append(str(number))
    for piece in pieces:
        piece.numbers = ", ".join(numbers.get(piece.mark, []))
    return pieces
