"""The instruments a congress document cites name the body that issued them."""

from __future__ import annotations

import datetime as dt

from daihoi.core.instruments import DIRECTIVES, REGULATIONS, directive_for_term, regulation_in_force


def test_election_regulations_are_the_central_committees() -> None:
    assert REGULATIONS["190-QD/TW-2024"].citation == (
        "Quyết định số 190-QĐ/TW ngày 10/10/2024 của Ban Chấp hành Trung ương"
    )
    assert REGULATIONS["244-QD/TW-2014"].citation == (
        "Quyết định số 244-QĐ/TW ngày 09/06/2014 của Ban Chấp hành Trung ương"
    )
    assert regulation_in_force(dt.date(2020, 5, 1)).number == "244-QĐ/TW"


def test_directives_are_the_politburos() -> None:
    assert DIRECTIVES["45-CT/TW-2020"].citation.endswith("của Bộ Chính trị")
    assert directive_for_term(2025).citation == "Chỉ thị số 35-CT/TW ngày 14/06/2024 của Bộ Chính trị"
