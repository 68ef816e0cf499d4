"""Sample documents: used by the tests, shown in docs/documents.md, and a model to copy from."""

from __future__ import annotations

import datetime as dt

from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    Margins,
    NumberedList,
    Paragraph,
    PartyHeader,
    Recipients,
    Run,
    Signature,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.documents.texts import number_symbol

CANDIDATES = [
    ("Nguyễn Văn An", 23),
    ("Trần Thị Bình", 21),
    ("Lê Văn Cường", 12),
    ("Phạm Thị Dung", 19),
    ("Hoàng Văn Đức", 22),
    ("Vũ Thị Hằng", 9),
]
CONVENED = 24


def sample_minutes(page_size: str = "A4") -> Document:
    """A short biên bản kiểm phiếu (spec §3): Party header, basis, attendance, results, signatures."""
    results: list[list[str | Cell | int | float]] = [
        [str(i), name, votes, f"{votes * 100 / CONVENED:.2f}".replace(".", ",") + "%"]
        for i, (name, votes) in enumerate(CANDIDATES, start=1)
    ]
    elected = sorted(CANDIDATES, key=lambda item: -item[1])[:4]
    document = Document(page_size=page_size, title="Biên bản kiểm phiếu", author="Ban kiểm phiếu")  # type: ignore[arg-type]
    if page_size != "A4":  # a small page: smaller type and margins
        document.body_size = 11
        document.line_spacing = 14
        document.margins = Margins(top=12, bottom=12, left=15, right=10)
    document.add(
        PartyHeader(
            superior=["Chi bộ xóm Định Thành", "Đại hội lần thứ XV"],
            issuer="Ban kiểm phiếu",
            number_symbol=number_symbol(3, "BB", "ĐH"),
            place="Tiên Phong",
            date=dt.date(2025, 1, 5),
        ),
        Title("Biên bản kiểm phiếu", summary="Bầu Chi ủy Chi bộ xóm Định Thành nhiệm kỳ 2025 - 2027"),
        Paragraph(
            "Đại hội Chi bộ xóm Định Thành lần thứ XV, nhiệm kỳ 2025 - 2027, họp ngày 05 tháng 01 năm 2025, "
            "tiến hành bầu cử theo Điều lệ Đảng và Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW ngày "
            "10/10/2024)."
        ),
        Paragraph("Đại hội đã biểu quyết số lượng chi ủy viên nhiệm kỳ 2025 - 2027 là 04 đồng chí."),
        Paragraph("Đại hội đã cử Ban kiểm phiếu gồm các đồng chí:"),
        NumberedList(
            ["Đ/c Ngô Thị Lan, Trưởng ban;", "Đ/c Đặng Văn Hưởng, Ủy viên;", "Đ/c Bùi Thị Ước, Ủy viên."]
        ),
        Heading("I. Kết quả kiểm phiếu"),
        NumberedList(
            [
                [Run("Tổng số đảng viên chính thức được triệu tập: "), Run(str(CONVENED), bold=True)],
                "Số đảng viên có mặt lúc bầu cử: 24; vắng mặt: 0.",
                "Số phiếu phát ra: 24; số phiếu thu về: 24; số phiếu hợp lệ: 24; không hợp lệ: 0.",
            ],
            style="-",
        ),
        Paragraph("Kết quả kiểm phiếu cụ thể như sau (xếp theo thứ tự như trong phiếu bầu):"),
        Table(
            columns=[
                Column("TT", width=12, align="center"),
                Column("Họ và tên"),
                Column("Số phiếu bầu", width=30, align="center"),
                Column("Tỷ lệ % (so với đảng viên chính thức)", width=45, align="center"),
            ],
            rows=[
                *results,
                [Cell("Cộng số phiếu hợp lệ", bold=True, colspan=2), Cell("24", bold=True), ""],
            ],
        ),
        Heading("II. Những đồng chí sau đây trúng cử Chi ủy khóa mới"),
        Table(
            columns=[
                Column("TT", width=12, align="center"),
                Column("Họ và tên"),
                Column("Số phiếu bầu", width=30, align="center"),
                Column("Tỷ lệ %", width=30, align="center"),
            ],
            rows=[
                [str(i), name, votes, f"{votes * 100 / CONVENED:.2f}".replace(".", ",") + "%"]
                for i, (name, votes) in enumerate(elected, start=1)
            ],
        ),
        Paragraph(
            [
                Run("Biên bản được lập xong hồi 10 giờ 30 phút cùng ngày, "),
                Run("đọc trước Đại hội", italic=True),
                Run(" và được Đại hội nhất trí thông qua."),
            ]
        ),
        SignatureBlock(
            [
                Signature(title="Ủy viên", name="Đặng Văn Hưởng"),
                Signature(title="Ủy viên", name="Bùi Thị Ước"),
                Signature(authority="T/M Ban kiểm phiếu", title="Trưởng ban", name="Ngô Thị Lan"),
            ]
        ),
    )
    return document


def sample_resolution() -> Document:
    """A short congress resolution (spec §4): preamble, "QUYẾT NGHỊ", targets, recipients, T/M signature."""
    document = Document(title="Nghị quyết Đại hội", author="Đoàn Chủ tịch")
    document.add(
        PartyHeader(
            superior="Đảng bộ xã Tiên Phong",
            issuer="Đại hội đại biểu lần thứ I",
            number_symbol=number_symbol(1, "NQ", "ĐH"),
            place="Tiên Phong",
            date=dt.date(2025, 8, 15),
        ),
        Title("Nghị quyết", summary="Đại hội đại biểu Đảng bộ xã Tiên Phong lần thứ I, nhiệm kỳ 2025 - 2030"),
        Paragraph(
            "Đại hội đại biểu Đảng bộ xã Tiên Phong lần thứ I, nhiệm kỳ 2025 - 2030 diễn ra từ ngày 14 đến "
            "ngày 15 tháng 8 năm 2025, tại Hội trường Ủy ban nhân dân xã, sau khi thảo luận các văn kiện do "
            "Ban Chấp hành Đảng bộ xã trình,"
        ),
        Heading("Quyết nghị", align="center", upper=True),
        Heading(
            "I- Tán thành những nội dung cơ bản về đánh giá kết quả thực hiện nghị quyết nhiệm kỳ qua "
            "và mục tiêu, chỉ tiêu nhiệm kỳ 2025 - 2030 nêu trong Báo cáo chính trị"
        ),
        Heading("Các chỉ tiêu chủ yếu đến năm 2030", level=2),
        NumberedList(
            [
                "Tốc độ tăng tổng giá trị sản phẩm trên địa bàn bình quân hằng năm 8%;",
                "Thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng;",
                "Tỷ lệ hộ nghèo giảm bình quân 1,41%/năm;",
                "Hằng năm kết nạp mới từ 25 đảng viên trở lên.",
            ]
        ),
        Heading("II- Giao Ban Chấp hành Đảng bộ xã khóa I", level=1),
        Paragraph(
            "Căn cứ Nghị quyết Đại hội, xây dựng chương trình hành động và lãnh đạo tổ chức thực hiện thắng "
            "lợi Nghị quyết."
        ),
        SignatureBlock(
            [Signature(authority="T/M Đoàn Chủ tịch", name="Nguyễn Văn An")],
            recipients=Recipients(
                ["Ban Thường vụ Huyện ủy,", "Các chi bộ trực thuộc,", "Lưu Văn phòng Đảng ủy."]
            ),
        ),
    )
    return document


def write_samples(directory: str) -> list[str]:
    """Write every sample as .docx, .pdf and page-1 .png into `directory`; returns the paths."""
    from pathlib import Path

    from daihoi.documents.docx_renderer import render_docx
    from daihoi.documents.pdf_renderer import render_pdf
    from daihoi.documents.preview import pdf_to_png

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in (("minutes", sample_minutes), ("resolution", sample_resolution)):
        document = build()
        pdf = render_pdf(document)
        for suffix, content in (("pdf", pdf), ("docx", render_docx(document)), ("png", pdf_to_png(pdf))):
            path = out / f"sample-{name}.{suffix}"
            path.write_bytes(content)
            written.append(str(path))
    return written


if __name__ == "__main__":  # python -m daihoi.documents.samples [DIR]
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
    django.setup()
    print("\n".join(write_samples(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts")))
