"""The plan of a season as an Excel workbook (through the documents' xlsx layer), headers in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from daihoi.accounts.permissions import require_permission
from daihoi.documents.xlsx import Sheet, SheetColumn
from daihoi.seasons.models import Season
from daihoi.seasons.status import SeasonRow, season_rows


def plan_sheet(season: Season, rows: list[SeasonRow]) -> Sheet:
    columns = [
        SheetColumn(_("Code"), 14),
        SheetColumn(_("Organization"), 40),
        SheetColumn(_("Under"), 30),
        SheetColumn(_("Members"), 10),
        SheetColumn(_("Official members"), 12),
        SheetColumn(_("Congress window opens"), 14),
        SheetColumn(_("Congress window closes"), 14),
        SheetColumn(_("Committee seats"), 12),
        SheetColumn(_("Delegates allotted"), 12),
        SheetColumn(_("Stage"), 18),
        SheetColumn(_("Attendance (%)"), 12, "0.0"),
        SheetColumn(_("Committee elected"), 12),
        SheetColumn(_("Delegates elected"), 12),
        SheetColumn(_("Alternates elected"), 12),
    ]
    data: list[list[Any]] = []
    for row in rows:
        data.append(
            [
                row.code,
                row.organization.name,
                row.group.name if row.group else season.organization.name,
                row.members,
                row.official_members,
                row.window_start,
                row.window_end,
                row.entry.committee_seats,
                row.entry.delegates,
                str(row.stage_label),
                float(row.attendance) if row.attendance is not None else None,
                row.committee_elected,
                row.delegates_elected,
                row.alternates_elected,
            ]
        )
    return Sheet(_("Congress plan"), columns, data)


@require_permission("season.view")
@require_safe
def plan_xlsx(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    from daihoi.documents import xlsx_response

    season = get_object_or_404(Season, pk=season_pk, organization=request.organization)  # type: ignore[attr-defined]
    sheet = plan_sheet(season, season_rows(season))
    return xlsx_response([sheet], f"ke-hoach-dai-hoi-{season.organization.code}-{season.term_start_year}")
