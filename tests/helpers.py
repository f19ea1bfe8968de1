"""Reading pages the way a visitor's browser does: links, images, text, language."""

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from werkzeug.serving import make_server

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""
    parts: list = field(default_factory=list, repr=False)


class Page(HTMLParser):
    """A parsed HTML page: ``elements`` (every start tag), ``text`` (visible text)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements = []
        self.open = []  # elements whose text is still being collected
        self.chunks = []
        self.hidden = 0
        self.feed(html)
        self.close()
        self.text = " ".join(" ".join(self.chunks).split())

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag in {"script", "style", "title"}:
            self.hidden += 1
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self.hidden -= 1
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                for element in self.open[index:]:
                    element.text = " ".join(" ".join(element.parts).split())
                del self.open[index:]
                break

    def handle_data(self, data):
        if self.hidden:
            return
        self.chunks.append(data)
        for element in self.open:
            element.parts.append(data)

    def find_all(self, tag, **attrs):
        return [e for e in self.elements
                if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    @property
    def lang(self):
        return self.find_all("html")[0].attrs.get("lang")

    def anchors(self):
        return [e for e in self.elements if e.tag == "a" and "href" in e.attrs]

    def urls(self):
        """Every URL the page points at: href, src, srcset entries, form actions."""
        found = []
        for e in self.elements:
            for name in ("href", "src", "action"):
                if name in e.attrs:
                    found.append(e.attrs[name])
            for entry in e.attrs.get("srcset", "").split(","):
                if entry.strip():
                    found.append(entry.split()[0])
        return found

    def alternates(self):
        """``{hreflang: href}`` of the ``<link rel="alternate">`` elements."""
        return {e.attrs.get("hreflang"): e.attrs["href"]
                for e in self.find_all("link", rel="alternate") if "hreflang" in e.attrs}


def page(response):
    return Page(response.get_data(as_text=True))


def local_urls(page_url, urls):
    """The site-local paths (resolved against ``page_url``) among ``urls``."""
    paths = []
    for url in urls:
        if url.startswith(("#", "mailto:", "tel:", "data:")):
            continue
        full = urlsplit(urljoin(page_url, url))
        if full.netloc in ("", "localhost"):
            paths.append(full.path + (f"?{full.query}" if full.query else ""))
    return paths


def stays_on_site(location, host="localhost"):
    """True if a browser following ``location`` from this site stays on it.

    Browsers drop tabs and newlines and read a backslash as a slash, so ``/\\evil`` is ``//evil``.
    """
    cleaned = re.sub(r"[\t\r\n]", "", location).replace("\\", "/").strip()
    return urlsplit(urljoin(f"http://{host}/zh/", cleaned)).netloc == host


def line_of(path, text):
    """The 1-based number of the first line of ``path`` that starts with ``text``."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(text):
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path, old, new):
    """Replace ``old`` (which must be there) with ``new`` in a UTF-8 file."""
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


@contextmanager
def serving(app):
    """The app served by a threaded WSGI server on a free loopback port: yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
