"""Standard factory units from a park's ``units.csv``, as Excel or WPS saves it."""

import csv
import io
from datetime import date
from typing import Annotated

from pydantic import Field, ValidationError

from .models import Strict
from .problems import ContentError, Problem, from_validation_error
from .types import term

# Column -> (Chinese header, English header). Either header is accepted.
COLUMNS = {
    "id": ("编号", "id"),
    "building": ("楼栋", "building"),
    "building_en": ("楼栋英文", "building_en"),
    "floor": ("楼层", "floor"),
    "area_m2": ("面积㎡", "area_m2"),
    "height_m": ("层高m", "height_m"),
    "load_kn_m2": ("承重kN/㎡", "load_kn_m2"),
    "crane_t": ("行车t", "crane_t"),
    "power_kva": ("电力kVA", "power_kva"),
    "rent": ("租金元/㎡/月", "rent"),
    "sale_price": ("售价元/㎡", "sale_price"),
    "status": ("状态", "status"),
    "available_from": ("可入驻日期", "available_from"),
}
REQUIRED = ("id", "building", "floor", "area_m2", "status")
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class Unit(Strict):
    """One standard factory unit (a row of ``units.csv``)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,32}$")]
    building: Annotated[str, Field(min_length=1)]
    building_en: str | None = None
    floor: int
    area_m2: Positive
    height_m: Positive | None = None
    load_kn_m2: Positive | None = None
    crane_t: NonNegative | None = None
    power_kva: NonNegative | None = None
    rent: NonNegative | None = None
    sale_price: NonNegative | None = None
    status: term("unit_statuses")
    available_from: date | None = None
    park: str = ""


def decode(raw):
    """CSV bytes from Excel/WPS: UTF-8 (with or without BOM), else GB18030."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def read_units(path, rel, park, taxonomy):
    """Return the park's units; raise ContentError naming the row and column of each problem."""
    try:
        text = decode(path.read_bytes())
    except UnicodeDecodeError:
        raise ContentError([Problem(
            rel, None, None, "无法识别文件编码，请另存为 UTF-8 或 GB18030 的 CSV",
            "unknown encoding; save as CSV in UTF-8 or GB18030",
        )]) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    columns, problems = map_header(header, rel)
    units, seen = [], set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        data = {
            name: row[i].strip() for i, name in columns.items() if i < len(row) and row[i].strip()
        }
        try:
            unit = Unit.model_validate({**data, "park": park}, context={"taxonomy": taxonomy})
        except ValidationError as error:
            for p in from_validation_error(error, rel, {}):
                header_name = COLUMNS.get(p.field, (p.field,))[0]
                problems.append(Problem(rel, line, header_name, p.zh, p.en))
            continue
        if unit.id in seen:
            problems.append(Problem(rel, line, "编号", f"编号 {unit.id} 重复", f"duplicate id {unit.id}"))
        seen.add(unit.id)
        units.append(unit)
    if problems:
        raise ContentError(problems)
    return tuple(units)


def map_header(header, rel):
    by_name = {name: key for key, names in COLUMNS.items() for name in names}
    columns, problems = {}, []
    for index, name in enumerate(header):
        key = by_name.get(name.strip())
        if key is None:
            problems.append(Problem(rel, 1, name, "未知的列名", "unknown column"))
        else:
            columns[index] = key
    for key in REQUIRED:
        if key not in columns.values():
            problems.append(Problem(rel, 1, COLUMNS[key][0], "缺少必需的列", "required column missing"))
    if problems:
        raise ContentError(problems)
    return columns, []
