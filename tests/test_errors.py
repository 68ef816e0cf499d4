"""Domain errors carry a code and a translated message filled from their parameters."""

from django.utils import translation

from daihoi.congresses.errors import CongressError
from daihoi.elections.errors import ElectionError


def test_message_is_translated_and_filled():
    error = CongressError("unknown_code", value="ABC")
    assert error.code == "unknown_code"
    with translation.override("vi"):
        vietnamese = str(error)
    with translation.override("en"):
        english = str(error)
    assert "ABC" in vietnamese
    assert "ABC" in english
    assert vietnamese != english


def test_unknown_code_falls_back_to_the_code():
    assert ElectionError("no_such_code").message == "no_such_code"
