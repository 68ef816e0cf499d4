"""Deployment defaults: SQLite in WAL mode by default, Vietnamese formats, Asia/Ho_Chi_Minh."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.utils import translation


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run: WAL is a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    # The test database lives in memory, where WAL does not apply; check the configured pragma instead.
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_sqlite_file_database_really_is_wal(tmp_path):
    import sqlite3

    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "init_command" not in options:
        pytest.skip("PostgreSQL run")
    db = sqlite3.connect(tmp_path / "x.sqlite3")
    db.executescript(options["init_command"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(("language", "expected"), [("vi", "1.234.567,50"), ("en", "1,234,567.50")])
def test_vn_number_filter_follows_the_language(language, expected):
    template = Template("{% load daihoi_tags %}{{ value|vn_number:2 }} {{ 10|roman_numeral }}")
    with translation.override(language):
        assert template.render(Context({"value": Decimal("1234567.5")})) == f"{expected} X"


def test_vietnamese_date_format():
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("vi"):
        assert date_format(date(2020, 6, 16), "SHORT_DATE_FORMAT") == "16/06/2020"
