"""The proof that collation_key and ballot_sort_key order exactly like ICU's Vietnamese collation.

PyICU (dev extra) sorts with CLDR's `vi` tailoring; PostgreSQL sorts with its `vi-x-icu` collation.
Thousands of generated names (vn_name_corpus) must come out in the same order from our byte keys.
"""

from __future__ import annotations

import itertools
import random
import time
import unicodedata

import pytest
from vn_name_corpus import ballot_rows, full_names

from daihoi.core import _collation
from daihoi.core.names import NameParts, ballot_sort_key, collation_key

icu = pytest.importorskip("icu", reason="PyICU is not installed (pip install -e '.[dev]')")

NAMES = full_names(6000)


@pytest.fixture(scope="module")
def collator():
    return icu.Collator.createInstance(icu.Locale("vi"))


def _assert_same_order(items, our_key, icu_key):
    ours = sorted(items, key=our_key)
    theirs = sorted(items, key=icu_key)
    # both sorts are stable on the same input, so equal preorders give equal lists
    assert ours == theirs
    for a, b in itertools.pairwise(ours):
        assert (our_key(a) == our_key(b)) == (icu_key(a) == icu_key(b)), (a, b)


def test_corpus_is_large_and_has_near_duplicates():
    assert len(NAMES) >= 5000
    lowered = {n.lower() for n in NAMES}
    assert len(lowered) < len(NAMES)  # capitalization variants present
    folded = {unicodedata.normalize("NFD", n.lower()).encode("ascii", "ignore") for n in NAMES}
    assert len(folded) < len(lowered) * 0.9  # many names differ only by tone or hat


def test_full_names_sort_like_icu(collator):
    _assert_same_order(NAMES, collation_key, collator.getSortKey)


def test_random_pairs_compare_like_icu(collator):
    rnd = random.Random(3)
    for _ in range(20000):
        a, b = rnd.choice(NAMES), rnd.choice(NAMES)
        ours = (collation_key(a) > collation_key(b)) - (collation_key(a) < collation_key(b))
        assert ours == collator.compare(a, b), (a, b)


def test_decomposed_and_single_words_sort_like_icu(collator):
    words = sorted({w for n in NAMES for w in n.split()})
    items = words + [unicodedata.normalize("NFD", w) for w in words[::7]]
    _assert_same_order(items, collation_key, collator.getSortKey)


def test_punctuation_and_minority_names_sort_like_icu(collator):
    items = [
        "H'Hen Niê", "H’Hen Niê", "Hhen", "H Hen", "H-Hen", "Y-Moan Ênuôl", "Y Moan", "Ymoan",
        "Ksor Tú", "Rơ Mah Hơi", "Nay Y Blang", "A Sáng", "Đinh Thị Hơ'Lan", "Bế Văn Đàn",
        "Ðào", "Đào", "Dao", "DAO", "Dào", "Zô", "Wang", "Jơ", "Fước", "an", "An", "AN", "ăn",
        "An\u00a0Bình", "An Bình", "An-Bình", "An‐Bình", "An–Bình", "An.Bình", "An1", "An 2",
        "Lê\tAn", "Lê\nAn", "Ánh", "Ảnh", "Ãnh", "Ạnh", "Ành", "Anh", "ANH", "Ânh", "Ấnh",
        "o\u0302\u0323", "ộ", "ợ", "ơ\u0323", "a\u0301\u0302", "á\u0302", "ấ",
    ]  # fmt: skip
    _assert_same_order(items, collation_key, collator.getSortKey)


def test_every_character_of_the_table_sorts_like_icu(collator):
    # every single character our tables know, alone and between letters, against ICU
    chars = sorted({ch for group in _collation._PRIMARY_GROUPS for ch in group})
    marks = sorted({ch for group in _collation._SECONDARY_GROUPS for ch in group} - {"ð"})
    items = chars + [f"b{c}a" for c in chars] + [f"b{m}a" for m in marks] + [f"o{m}" for m in marks]
    items += [unicodedata.normalize("NFC", f"a{m}") for m in marks] + [f"ð{m}" for m in marks]
    _assert_same_order(items, collation_key, collator.getSortKey)


def test_ballot_order_matches_the_icu_tuple_order(collator):
    rows = ballot_rows(3000)

    def ours(row):
        family, middle, given, birth = row
        return ballot_sort_key(NameParts(family, middle, given), birth)

    def reference(row):
        family, middle, given, birth = row
        sort_key = collator.getSortKey
        return (sort_key(given), sort_key(family), sort_key(middle), (0, birth) if birth else (1,))

    _assert_same_order(rows, ours, reference)


def test_ballot_order_over_the_name_corpus(collator):
    rnd = random.Random(11)
    rows = []
    for name in NAMES[:4000]:
        words = name.split()
        parts = (
            NameParts(words[0], " ".join(words[1:-1]), words[-1])
            if len(words) > 1
            else NameParts("", "", name)
        )
        rows.append(
            (
                parts,
                rnd.choice([None, *(f"19{y}-0{m}-1{d}" for y in (50, 62) for m in (1, 9) for d in (0, 5))]),
            )
        )

    def ours(row):
        from datetime import date

        parts, born = row
        return ballot_sort_key(parts, date.fromisoformat(born) if born else None)

    def reference(row):
        parts, born = row
        key = collator.getSortKey
        return (key(parts.given), key(parts.family), key(parts.middle), (0, born) if born else (1,))

    _assert_same_order(rows, ours, reference)


def test_ten_thousand_keys_are_fast():
    names = (NAMES * 2)[:10000]
    collation_key("warm up")
    start = time.perf_counter()
    for name in names:
        collation_key(name)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"10,000 keys took {elapsed * 1000:.0f} ms"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_vi_icu_collation_agrees():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite has no ICU collation")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'vi-x-icu'")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL was built without ICU")
        cursor.execute('SELECT x FROM unnest(%s::text[]) AS t(x) ORDER BY x COLLATE "vi-x-icu"', [NAMES])
        ordered = [row[0] for row in cursor.fetchall()]
    keys = [collation_key(n) for n in ordered]
    # PostgreSQL breaks ICU ties by code points; ours are equal there, so check non-decreasing
    assert sorted(ordered) == sorted(NAMES)
    assert all(a <= b for a, b in itertools.pairwise(keys))
    ours = sorted(NAMES, key=collation_key)
    assert [collation_key(n) for n in ours] == keys


@pytest.mark.django_db
def test_the_database_sorts_stored_keys_bytewise():
    """bytea (PostgreSQL) and BLOB (SQLite) compare like memcmp: the stored keys sort as in Python."""
    from django.db import connection

    sample = NAMES[::6]
    with connection.cursor() as cursor:
        blob = "bytea" if connection.vendor == "postgresql" else "blob"
        cursor.execute(f"CREATE TEMPORARY TABLE names_sort_probe (name varchar(200), k {blob})")
        cursor.executemany(
            "INSERT INTO names_sort_probe (name, k) VALUES (%s, %s)", [(n, collation_key(n)) for n in sample]
        )
        cursor.execute("SELECT name, k FROM names_sort_probe ORDER BY k")
        rows = [(name, bytes(k)) for name, k in cursor.fetchall()]
        cursor.execute("DROP TABLE names_sort_probe")
    assert all(collation_key(name) == k for name, k in rows)  # stored and read back intact
    assert [k for _, k in rows] == sorted(collation_key(n) for n in sample)
    assert [n for n, _ in rows] == sorted(sample, key=collation_key)  # keys of distinct names differ
