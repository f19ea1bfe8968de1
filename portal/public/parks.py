"""The parks list with its overview map of the county, and the park page."""

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from flask import current_app, g, render_template
from pydantic import Field, ValidationError

from ..content import get_content
from ..content.frontmatter import parse_yaml, read_text
from ..content.models import Location, Strict
from ..content.problems import ContentError
from ..content.site import Label
from ..pagecache import cached
from . import bp, find
from .geo import map_links
from .units import policies_for

log = logging.getLogger(__name__)
MAP_FILE = "map.yaml"
MAP_WIDTH = 600  # SVG user units; the drawing scales to its box


class Place(Location):
    name: Label


class CountyMap(Strict):
    """``content/map.yaml``: the county's outline as ``[lat, lon]`` points, WGS-84."""

    name: Label
    outline: tuple[tuple[Annotated[float, Field(ge=-90, le=90)],
                         Annotated[float, Field(ge=-180, le=180)]], ...] = Field(min_length=3)
    places: tuple[Place, ...] = ()


def county_map(content):
    """The map file of this content version, or None when it is missing or broken."""
    def load():
        path = Path(current_app.config["CONTENT_DIR"]) / MAP_FILE
        if not path.is_file():
            return None
        try:
            data, _ = parse_yaml(read_text(path, MAP_FILE), MAP_FILE)
            return CountyMap.model_validate(data)
        except (ContentError, ValidationError, OSError) as error:
            log.warning("%s not used: %s", MAP_FILE, error)
            return None
    return content.derived(("county-map",), load)


@dataclass(frozen=True)
class Drawing:
    """A map projected to SVG units: the outline, and numbered marks."""

    width: int
    height: int
    outline: str  # the polygon's points attribute
    parks: tuple  # (number, park, x, y)
    places: tuple  # (label, x, y)


def draw(outline, parks, places, lang):
    """Project WGS-84 points on a plane (equirectangular, true to scale at the middle)."""
    points = [tuple(p) for p in outline] + [(p.location.lat, p.location.lon) for p in parks] \
        + [(p.lat, p.lon) for p in places]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    squeeze = math.cos(math.radians((max(lats) + min(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    pad = 24
    scale = (MAP_WIDTH - 2 * pad) / span_x
    height = round(span_y * scale + 2 * pad)

    def xy(lat, lon):
        return round(pad + (lon - min(lons)) * squeeze * scale, 1), \
            round(pad + (max(lats) - lat) * scale, 1)
    drawn_outline = " ".join("{},{}".format(*xy(*p)) for p in outline)
    drawn_parks = tuple((n, p, *xy(p.location.lat, p.location.lon))
                        for n, p in enumerate(parks, start=1))
    drawn_places = tuple((getattr(p.name, lang, p.name.zh), *xy(p.lat, p.lon)) for p in places)
    return Drawing(MAP_WIDTH, height, drawn_outline, drawn_parks, drawn_places)


def overview(content, parks, lang):
    placed = [p for p in parks if p.location]
    shape = county_map(content)
    if not placed and shape is None:
        return None
    outline = shape.outline if shape else ()
    places = shape.places if shape else ()
    if not outline:  # no outline: a frame around the parks
        lats = [p.location.lat for p in placed]
        lons = [p.location.lon for p in placed]
        outline = ((max(lats) + .02, min(lons) - .02), (max(lats) + .02, max(lons) + .02),
                   (min(lats) - .02, max(lons) + .02), (min(lats) - .02, min(lons) - .02))
    return draw(outline, placed, places, "en" if lang == "en" else "zh")


@bp.get("/parks/")
@cached
def parks():
    content = get_content()
    items = content.items("parks", g.lang)
    county = county_map(content)
    county_name = getattr(county.name, "en" if g.lang == "en" else "zh") if county else None
    return render_template("parks.html", parks=items, drawing=overview(content, items, g.lang),
                           county_name=county_name)


def occupancy(units, statuses):
    """Per status: ``(key, count, area ㎡, share of the area in %)``, in the taxonomy's order."""
    total = sum(u.area_m2 for u in units) or 1
    rows = []
    for key in statuses:
        mine = [u for u in units if u.status == key]
        area = sum(u.area_m2 for u in mine)
        rows.append((key, len(mine), area, round(100 * area / total, 1)))
    return rows


@bp.get("/parks/<slug>/")
@cached
def park(slug):
    item = find("parks", slug)
    content = get_content()
    projects = [p for p in content.items("projects", g.lang) if p.park == slug]
    desk = content.get("desks", item.desk, g.lang)
    statuses = list(content.taxonomy.unit_statuses)
    order = {key: i for i, key in enumerate(statuses)}
    units = sorted(item.units, key=lambda u: (order.get(u.status, 99), u.building, u.floor, u.id))
    links = map_links(item.location.lat, item.location.lon, item.name) if item.location else []
    return render_template(
        "park.html", item=item, projects=projects, desk=desk, map_links=links,
        open_units=[u for u in units if u.status != "leased"],
        leased_units=[u for u in units if u.status == "leased"],
        occupancy=occupancy(item.units, statuses), policies=policies_for(content, item, g.lang),
    )
