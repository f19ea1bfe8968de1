"""Reading a page's share tags as an unfurling app does: Open Graph and JSON-LD with extruct,
Twitter-card tags and the canonical link from the parsed HTML (never by regex)."""

from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

import extruct
import lxml.html
from PIL import Image

from ..helpers import Page


@dataclass
class Shared:
    title: str  # the <title> text
    og: dict  # property -> every value given, in order
    meta: dict  # <meta name=…> -> content
    canonical: list
    json_ld: list
    page: Page

    def one(self, name):
        """The single value of ``og:…`` property ``name`` (it must be given exactly once)."""
        values = self.og.get(name, [])
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def types(self):
        return {o.get("@type") for o in self.json_ld}

    def ld(self, kind):
        found = [o for o in self.json_ld if o.get("@type") == kind]
        assert len(found) == 1, f"{kind}: {self.json_ld}"
        return found[0]


def read_share_tags(response, url):
    html = response.get_data(as_text=True)
    data = extruct.extract(html, base_url=url, syntaxes=["opengraph", "json-ld"], uniform=False)
    og = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, []).append(value)
    page = Page(html)
    meta = {e.attrs["name"]: e.attrs.get("content", "") for e in page.find_all("meta")
            if "name" in e.attrs}
    canonical = [e.attrs["href"] for e in page.find_all("link", rel="canonical")]
    title = lxml.html.fromstring(html).findtext(".//title") or ""
    return Shared(title, og, meta, canonical, data["json-ld"], page)


def fetch_image(client, url, script_root=""):
    """``(mimetype, (width, height))`` of an absolute image URL on this site, through ``client``."""
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, f"not absolute: {url}"
    path = parts.path
    assert path.startswith(script_root + "/"), f"{url} is not under {script_root}/"
    response = client.get(path[len(script_root):], query_string=parts.query,
                          environ_overrides={"SCRIPT_NAME": script_root} if script_root else None)
    assert response.status_code == 200, f"{url} answered {response.status}"
    with Image.open(BytesIO(response.get_data())) as image:
        return response.mimetype, image.size
