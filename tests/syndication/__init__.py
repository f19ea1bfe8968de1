"""Feeds, sitemap, robots.txt and open data (``portal.syndication``)."""


def as_shown(content, lang, text):
    """``text`` as the ``lang`` site shows it: the zh-hant site converts its whole response."""
    return content.hant.page(text) if lang == "zh-hant" else text
