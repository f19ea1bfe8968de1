"""Reading a search results page."""

from ..helpers import page


def results(client, lang, q, **args):
    """``(response, [(href, title text)], page)`` for a search."""
    response = client.get(f"/{lang}/search", query_string={"q": q, **args})
    assert response.status_code == 200
    parsed = page(response)
    titles = [(e.attrs["href"], e.text) for e in hit_links(parsed)]
    return response, titles, parsed


def hit_links(parsed):
    """The title links of the hits, in order."""
    links, inside = [], False
    for element in parsed.elements:
        if element.tag == "h2" and element.attrs.get("class") == "hit-title":
            inside = True
        elif inside and element.tag == "a":
            links.append(element)
            inside = False
    return links


def hrefs(client, lang, q, **args):
    return [href for href, _ in results(client, lang, q, **args)[1]]
