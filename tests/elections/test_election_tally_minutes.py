"""`daihoi tally --format docx|pdf`: the counting minutes from a tally file (the seed example)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command

from daihoi.documents.preview import pdf_to_png

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "seed-executive-committee.json"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_tally_minutes_from_file(tmp_path, fmt):
    out = tmp_path / f"minutes.{fmt}"
    call_command("tally", str(EXAMPLE), "--format", fmt, "-o", str(out))
    data = out.read_bytes()
    if fmt == "docx":
        assert data[:2] == b"PK"
        import io
        import zipfile

        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "BIÊN BẢN KIỂM PHIẾU" in unicodedata.normalize("NFC", xml).upper()
        return
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    text = unicodedata.normalize(
        "NFC", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    )
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "trúng cử" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "election-tally-minutes-p1.png").write_bytes(pdf_to_png(data, 0, dpi=70))
