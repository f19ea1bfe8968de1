"""Standard factory units from a park's ``units.csv``, as Excel or WPS saves it."""

import csv
import io
import re
from typing import Annotated, ClassVar

from pydantic import Field, ValidationError, field_validator

from ..images import is_photo
from .models import Strict
from .photos import oversized
from .problems import ContentError, Problem, from_validation_error, suggest, unknown_field
from .types import DateField, Number, Slug, plain, term

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
    "photos": ("照片", "photos"),
    "policies": ("适用政策", "policies"),
}
REQUIRED = ("id", "building", "floor", "area_m2", "status")
# Cells as Excel shows them: "4,200" or full-width "４２００" read as 4200.
Positive = Annotated[float, Number, Field(gt=0)]
NonNegative = Annotated[float, Number, Field(ge=0)]
# A list in one cell: "a.jpg; b.jpg" (full-width ；and 、 as a Chinese input method types them).
LIST_SEPARATORS = re.compile(r"[;；、]")


class Unit(Strict):
    """One standard factory unit (a row of ``units.csv``)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,32}$")]
    building: Annotated[str, Field(min_length=1)]
    building_en: str | None = None
    floor: Annotated[int, Number]
    area_m2: Positive
    height_m: Positive | None = None
    load_kn_m2: Positive | None = None
    crane_t: NonNegative | None = None
    power_kva: NonNegative | None = None
    rent: NonNegative | None = None
    sale_price: NonNegative | None = None
    status: term("unit_statuses")
    available_from: DateField | None = None
    photos: tuple[str, ...] = ()  # photos of its building, files in the park's folder
    policies: tuple[Slug, ...] = ()  # folder names under content/policies/
    park: str = ""
    LOADER_FIELDS: ClassVar[frozenset] = frozenset({"park"})

    @field_validator("photos", "policies", mode="before")
    @classmethod
    def split_cell(cls, value):
        if isinstance(value, str):
            return tuple(part.strip() for part in LIST_SEPARATORS.split(value) if part.strip())
        return value

    @property
    def key(self):
        """``park/id``: how links and the inquiry form name the unit."""
        return f"{self.park}/{self.id}"

    def building_in(self, lang):
        return self.building_en if lang == "en" and self.building_en else self.building


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
        if any(cell.strip() for cell in row[len(header):]):
            problems.append(overflow(rel, line, row, len(row) - len(header)))
            continue  # the values are shifted: checking them would only confuse
        data = {
            name: row[i].strip() for i, name in columns.items() if i < len(row) and row[i].strip()
        }
        try:
            unit = Unit.model_validate({**data, "park": park}, context={"taxonomy": taxonomy})
        except ValidationError as error:
            for p in from_validation_error(error, rel, {}):
                column = (p.field or "").split(".")[0]  # photos.0 is the photos column
                header_name = COLUMNS.get(column, (p.field,))[0]
                problems.append(Problem(rel, line, header_name, p.zh, p.en, value=p.value))
            continue
        problems.extend(missing_photos(rel, line, unit, path.parent))
        if unit.id in seen:
            problems.append(Problem(rel, line, "编号", f"编号 {unit.id} 重复", f"duplicate id {unit.id}"))
        seen.add(unit.id)
        units.append(unit)
    if problems:
        raise ContentError(problems)
    return tuple(units)


def missing_photos(rel, line, unit, folder):
    """Problems for the photos a row names that are not photos in the park's folder."""
    problems = []
    for name in unit.photos:
        if "/" in name or "\\" in name:
            problems.append(Problem(rel, line, "照片", f"“{name}”：只写文件名，不要写路径",
                                    f"'{name}': write the file name only, without a path",
                                    value=name))
        elif not is_photo(name):
            problems.append(Problem(rel, line, "照片", f"“{name}”不是照片：只能用 JPEG 或 PNG 文件",
                                    f"'{name}' is not a photo: use JPEG or PNG files", value=name))
        elif not (folder / name).is_file():
            problems.append(Problem(
                rel, line, "照片", f"园区文件夹里没有照片“{name}”（照片须与 units.csv 放在同一文件夹）",
                f"no photo '{name}' in the park's folder (photos go beside units.csv)", value=name,
            ))
        else:
            problems.extend(oversized(folder / name, rel, line, "照片", name))
    return problems


def overflow(rel, line, row, extra):
    """A row with more cells than the header: mostly a 4,200 that lost its quotes."""
    return Problem(
        rel, line, None,
        f"这一行比标题行多出 {extra} 格，各格内容因此错位：可能是数字里的逗号（如 4,200）没有加引号；"
        "请用 Excel 或 WPS 重新另存为 CSV，或去掉数字里的逗号",
        f"this row has {extra} more cell(s) than the header, so its values are shifted: perhaps a "
        "number with a comma (like 4,200) lost its quotes; save the CSV again from Excel or WPS, "
        "or remove the comma from the number",
        value=",".join(row),
    )


def header_key(name):
    """A header as compared: plain (``㎡`` is ``m2``), any case, without spaces or brackets."""
    return re.sub(r"[()\[\]]", "", plain(name)).casefold()


BY_HEADER = {header_key(name): key for key, names in COLUMNS.items() for name in names}
# Chinese headers first, then English: the order a suggestion or a list offers them.
HEADERS = tuple(n for names in zip(*COLUMNS.values(), strict=True) for n in names)


def map_header(header, rel):
    columns, unknown = {}, []
    for index, name in enumerate(header):
        key = BY_HEADER.get(header_key(name))
        if key is None:
            unknown.append(name)
        else:
            columns[index] = key
    missing = [key for key in REQUIRED if key not in columns.values()]
    # A mistyped header (状太 for 状态) is one mistake, said once with its did-you-mean: the
    # nearest header, or else the one required column missing when one header is unknown.
    meant = {name: nearest for name in unknown
             if (nearest := suggest(name.strip(), HEADERS, header_key))}
    explained = {BY_HEADER[header_key(nearest)] for nearest in meant.values()}
    guesses = [name for name in unknown if name not in meant]
    unexplained = [key for key in missing if key not in explained]
    if len(guesses) == 1 and len(unexplained) == 1:
        meant[guesses[0]] = COLUMNS[unexplained[0]][0]
        explained.add(unexplained[0])
    problems = []
    for name in unknown:
        if name in meant:
            zh, en = (f"未知列名“{name.strip()}”，是否应为 {meant[name]}？",
                      f"unknown column '{name.strip()}': did you mean {meant[name]}?")
        else:
            zh, en = unknown_field(name.strip(), HEADERS, ("列名", "column"), header_key)
        problems.append(Problem(rel, 1, name, zh, en, value=name))
    for key in missing:
        if key not in explained:
            zh, en = COLUMNS[key]
            problems.append(Problem(rel, 1, zh, f"缺少必需的列“{zh}”（英文列名 {en}）",
                                    f"required column '{en}' ({zh}) is missing"))
    if problems:
        raise ContentError(problems)
    return columns, []
