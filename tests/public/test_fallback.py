"""An item without index.en.md shows the Chinese text on the English site, with a notice."""

from ..fixture_tree import DETAIL_PAGES, UNTRANSLATED
from ..helpers import page

NOTICE = "not been translated"


def test_untranslated_item_shows_chinese_text_with_a_notice(client):
    response = client.get(f"/en/{UNTRANSLATED}")
    assert response.status_code == 200
    shown = page(response)
    assert shown.lang == "en"
    assert "富硒农产品冷链物流中心" in shown.text
    assert NOTICE in shown.text


def test_untranslated_text_is_marked_as_chinese(client):
    """Screen readers and translators need to know which part of the page is Chinese."""
    shown = page(client.get(f"/en/{UNTRANSLATED}"))
    marked = [e for e in shown.elements if e.attrs.get("lang", "").startswith("zh")
              and e.tag not in ("a", "link", "html")]
    assert any("富硒农产品冷链物流中心" in e.text for e in marked)


def test_untranslated_item_still_gets_english_labels_and_amounts(client):
    text = page(client.get(f"/en/{UNTRANSLATED}")).text
    assert "CNY 120 million" in text
    assert "Modern agriculture" in text


def test_translated_items_show_no_fallback_notice(client):
    for path in DETAIL_PAGES:
        if path != UNTRANSLATED:
            assert NOTICE not in page(client.get(f"/en/{path}")).text, path


def test_chinese_page_of_the_untranslated_item_has_no_notice(client):
    assert NOTICE not in page(client.get(f"/zh/{UNTRANSLATED}")).text


def test_untranslated_item_in_english_list(client):
    text = page(client.get("/en/projects/")).text
    assert "富硒农产品冷链物流中心" in text
    assert "Selenium-rich Tea Deep-processing Project" in text
