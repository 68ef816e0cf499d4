"""A congress document over settings.DAIHOI_DOCUMENT_MAX_BYTES is refused by the upload form, naming its
size and the limit (issue 10: no upload without a limit)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from daihoi.congresses.doc_views import UploadForm


def _form(size: int) -> UploadForm:
    data = {"kind": UploadForm.base_fields["kind"].choices[0][0], "title": "Dự thảo"}
    return UploadForm(data, {"file": SimpleUploadedFile("du-thao.pdf", b"%PDF" + b"x" * (size - 4))})


def test_a_document_over_the_limit_is_refused(settings):
    settings.DAIHOI_DOCUMENT_MAX_BYTES = 2048
    with translation.override("vi"):
        form = _form(3072)
        assert not form.is_valid()
        assert form.errors["file"] == ["Tệp nặng 3 KB; mỗi tài liệu chỉ được tối đa 2 KB."]
        assert _form(2048).is_valid()


def test_the_default_document_limit(settings):
    assert settings.DAIHOI_DOCUMENT_MAX_BYTES == 50 * 1024 * 1024
