"""A cover's focal point (``cover_focus``): it moves the share crop and the card crop, and a wrong
value is reported with its file, line and field."""

import pytest
from flask import g

from portal.content.store import load_content
from portal.media import share_image

from ..helpers import edit, line_of, page
from .photos import COVER, mean_colour, phone_photo

INDEX = "projects/tea-processing/index.zh.md"


def share_bytes(app, client):
    with app.test_request_context("/zh/"):
        g.content = app.extensions["content"].current
        url, _, _ = share_image("projects", "tea-processing")
    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200
    return url, response.data


def card_classes(client):
    cards = page(client.get("/zh/projects/")).find_all("img")
    return {img.attrs.get("class", "") for img in cards if "tea-processing" in img.attrs.get("src", "")}


def test_the_focal_point_moves_the_share_crop_and_the_card_crop(make_app, content_copy):
    # A panorama, red on the left half and blue on the right: where the crop lies shows in its colour.
    phone_photo(content_copy / COVER, size=(2400, 800), orientation=1)
    edit(content_copy / INDEX, "cover: cover.jpg\n", "cover: cover.jpg\ncover_focus: [0, 0.5]\n")
    app = make_app(content_copy)
    client = app.test_client()
    left_url, left = share_bytes(app, client)
    assert card_classes(client) == {"focus-0-50"}
    sizes_before = {p.name: p.stat().st_ino for p in app.extensions["content"].current.root.glob(
        "files/projects/tea-processing/cover.*.webp")}

    edit(content_copy / INDEX, "cover_focus: [0, 0.5]", "cover_focus: [1, 0.5]")
    app.extensions["content"].publish()
    right_url, right = share_bytes(app, client)
    assert card_classes(client) == {"focus-100-50"}

    assert left_url != right_url  # a new crop, a new address
    red, blue = mean_colour(left), mean_colour(right)
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]
    # Only the share image was made again: the sizes of the unchanged photo were linked.
    sizes_after = {p.name: p.stat().st_ino for p in app.extensions["content"].current.root.glob(
        "files/projects/tea-processing/cover.*.webp")}
    assert sizes_after == sizes_before and len(sizes_after) == 5


@pytest.mark.parametrize("written", ["[2, 0.5]", "[0.5]", "[0.5, 0.5, 0.5]", "left", "[a, b]", "{x: 1}"])
def test_a_wrong_focal_point_is_reported_with_file_line_and_field(content_copy, written):
    edit(content_copy / INDEX, "cover: cover.jpg\n", f"cover: cover.jpg\ncover_focus: {written}\n")
    _, problems = load_content(content_copy)
    found = [p for p in problems if p.field == "cover_focus"]
    assert len(found) == 1, problems
    assert found[0].path == INDEX
    assert found[0].line == line_of(content_copy / INDEX, "cover_focus:")
    assert "0 到 1" in found[0].zh and "from 0 to 1" in found[0].en


@pytest.mark.parametrize("written,expected", [("[0.5, 0.3]", (0.5, 0.3)), ("0.25, 1", (0.25, 1.0)),
                                              ("[0, 0]", (0.0, 0.0))])
def test_a_focal_point_may_be_written_as_a_list_or_as_two_numbers(content_copy, written, expected):
    edit(content_copy / INDEX, "cover: cover.jpg\n", f"cover: cover.jpg\ncover_focus: {written}\n")
    content, problems = load_content(content_copy)
    assert not [p for p in problems if p.field == "cover_focus"]
    assert content.get("projects", "tea-processing", "zh").cover_focus == expected
