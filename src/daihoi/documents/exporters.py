"""One exporter layer (after pretix's BaseExporter): every download goes through here.

An exporter has an `identifier`, a `verbose_name` and `render(fmt) -> (filename, content_type, bytes)`.
`DocumentExporter` builds a `Document` once and renders it as Word or PDF; `SpreadsheetExporter`
builds sheets for Excel. The `*_response` helpers wrap bytes in a Django download response.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from daihoi.documents.model import Document
from daihoi.documents.xlsx import Sheet, write_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOCUMENT_FORMATS = ("docx", "pdf")


class DocumentError(ValueError):
    """A request the exporter layer can't serve; `code` is machine-readable, the message translated."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "docx":
        from daihoi.documents.docx_renderer import render_docx

        return render_docx
    if fmt == "pdf":
        from daihoi.documents.pdf_renderer import render_pdf

        return render_pdf
    raise DocumentError(
        "documents.unknown_format",
        gettext("Unknown document format “%(format)s”; use one of: %(formats)s.")
        % {"format": fmt, "formats": ", ".join(DOCUMENT_FORMATS)},
        format=fmt,
    )


def render_document(document: Document, fmt: str) -> bytes:
    """Word ("docx") or PDF ("pdf") bytes of a document."""
    return _renderer(fmt)(document)


def with_extension(filename: str, fmt: str) -> str:
    return filename if filename.lower().endswith(f".{fmt}") else f"{filename}.{fmt}"


def file_response(filename: str, content_type: str, content: bytes, inline: bool = False) -> HttpResponse:
    """A download; the Vietnamese file name survives through RFC 6266 `filename*`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    response["Content-Length"] = str(len(content))
    return response


def document_response(document: Document, fmt: str, filename: str, inline: bool = False) -> HttpResponse:
    """Render `document` as "docx" or "pdf" and return it as a download named `filename`."""
    content = render_document(document, fmt)
    return file_response(with_extension(filename, fmt), CONTENT_TYPES[fmt], content, inline)


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    return file_response(with_extension(filename, "xlsx"), CONTENT_TYPES["xlsx"], write_xlsx(sheets))


class Exporter:
    """Base class. Subclasses set `identifier`, `verbose_name`, `formats` and implement `render`."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[Any] = ""  # a lazy translation
    formats: ClassVar[tuple[str, ...]] = ()

    def filename(self) -> str:
        """The file name without extension; override to include e.g. the congress code."""
        return self.identifier

    def check_format(self, fmt: str) -> None:
        if fmt not in self.formats:
            raise DocumentError(
                "documents.format_not_offered",
                gettext("The export “%(export)s” is not available as %(format)s; it offers: %(formats)s.")
                % {"export": self.verbose_name, "format": fmt, "formats": ", ".join(self.formats)},
                export=self.identifier,
                format=fmt,
            )

    def render(self, fmt: str) -> tuple[str, str, bytes]:
        """(filename with extension, content type, bytes)."""
        raise NotImplementedError

    def response(self, fmt: str, inline: bool = False) -> HttpResponse:
        filename, content_type, content = self.render(fmt)
        return file_response(filename, content_type, content, inline)


class DocumentExporter(Exporter):
    """A Party-format document: implement `build()`; Word and PDF come from the same model."""

    formats: ClassVar[tuple[str, ...]] = DOCUMENT_FORMATS

    def build(self) -> Document:
        raise NotImplementedError

    def render(self, fmt: str) -> tuple[str, str, bytes]:
        self.check_format(fmt)
        return with_extension(self.filename(), fmt), CONTENT_TYPES[fmt], render_document(self.build(), fmt)


class SpreadsheetExporter(Exporter):
    """An Excel export: implement `sheets()`."""

    formats: ClassVar[tuple[str, ...]] = ("xlsx",)

    def sheets(self) -> Sequence[Sheet]:
        raise NotImplementedError

    def render(self, fmt: str = "xlsx") -> tuple[str, str, bytes]:
        self.check_format(fmt)
        return with_extension(self.filename(), fmt), CONTENT_TYPES[fmt], write_xlsx(self.sheets())


EXPORTERS: dict[str, type[Exporter]] = {}
_E = TypeVar("_E", bound=type[Exporter])


def register(cls: _E) -> _E:
    """Class decorator: list an exporter by its identifier (for download pages and the CLI)."""
    if not cls.identifier:
        raise ValueError(f"{cls.__name__} has no identifier")
    if EXPORTERS.get(cls.identifier, cls) is not cls:
        raise ValueError(f"exporter identifier {cls.identifier!r} is already taken")
    EXPORTERS[cls.identifier] = cls
    return cls


__all__ = [
    "CONTENT_TYPES",
    "DocumentError",
    "DocumentExporter",
    "Exporter",
    "SpreadsheetExporter",
    "document_response",
    "file_response",
    "register",
    "render_document",
    "xlsx_response",
]
