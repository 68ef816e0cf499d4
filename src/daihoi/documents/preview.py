"""Look at rendered documents: a PDF page as PNG, and a .docx turned into PDF by LibreOffice.

pypdfium2 is a dev dependency (tests, previews); `pdftoppm -png -r 110 -f 1 -l 1 file.pdf out` from
poppler-utils does the same from a shell.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path


def pdf_to_png(pdf_bytes: bytes, page: int = 0, dpi: int = 110) -> bytes:
    """One page (0-based) of a PDF rendered to PNG bytes."""
    import pypdfium2 as pdfium  # dev dependency: imported only when a preview is asked for

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        bitmap = pdf[page].render(scale=dpi / 72)
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG")
        return out.getvalue()
    finally:
        pdf.close()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, timeout: float = 120) -> bytes:
    """Convert .docx to PDF with LibreOffice (optional system tool); raises FileNotFoundError without it."""
    soffice = soffice_path()
    if soffice is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx_bytes)
        # A private profile: a second LibreOffice (or a user's open one) must not block the conversion.
        profile = Path(work) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(work) / "document.pdf").read_bytes()
