"""Folder names proposed from real Chinese titles, and what is wrong with a typed one."""

import pytest

from portal.content.types import SLUG
from portal.editor.slugs import LENGTH, check_slug, propose_slug

from ..conftest import SAMPLE_CONTENT


@pytest.mark.parametrize(("title", "slug"), [
    ("富硒茶精深加工项目", "fu-xi-cha-jing-shen"),
    ("高纯硫酸锰项目", "gao-chun-liu-suan-meng"),
    ("青岚河漂流", "qing-lan-he-piao-liu"),
    ("年产１０万吨锰酸锂正极材料项目", "nian-chan-10-wan-dun"),  # full-width digits folded
    ("青岚县富硒农业产业园", "fu-xi-nong-ye-chan"),  # the county's name in front left out
    ("绿色食品ABC有限公司", "lv-se-shi-pin-abc"),  # ü typed as v; ASCII kept, lower case
    ("ＧＭＰ车间改造", "gmp-che-jian-gai-zao"),
    (" 富硒 茶 ", "fu-xi-cha"),  # pasted with stray spaces
    ("项目", "xiang-mu"),  # nothing but filler: kept, or nothing would remain
    ("青岚县", "qing-lan-xian"),
    ("茶旅融合·富硒茶文化小镇项目", "cha-lv-rong-he-fu"),
    ("！！！", "item"),
])
def test_a_title_gives_a_short_pinyin_folder_name(title, slug):
    assert propose_slug(title, set()) == slug


def test_every_sample_title_gives_a_valid_distinct_name():
    taken = set()
    for path in sorted(SAMPLE_CONTENT.glob("*/*/index.zh.md")):
        line = next(line for line in path.read_text("utf-8").splitlines()
                    if line.startswith(("title:", "name:")))
        slug = propose_slug(line.split(":", 1)[1].strip(), taken)
        words = slug.split("-")
        assert SLUG.match(slug) and len(slug) <= LENGTH, slug
        assert len(words) <= 5 or (len(words) == 6 and words[-1].isdigit()), slug
        assert slug not in taken
        assert check_slug(slug, taken) == []
        taken.add(slug)


def test_a_taken_name_gets_a_number():
    taken = {"gao-chun-liu-suan-meng", "gao-chun-liu-suan-meng-2"}
    assert propose_slug("高纯硫酸锰项目", taken) == "gao-chun-liu-suan-meng-3"
    long = "a" * LENGTH
    assert propose_slug("A" * 50, {long}) == "a" * (LENGTH - 2) + "-2"


def test_a_long_title_is_cut_to_forty_characters():
    slug = propose_slug("Selenium-rich tea deep processing and cold chain logistics center", set())
    assert slug == "selenium-rich-tea-deep-processing"
    assert len(propose_slug("x" * 90, set())) == LENGTH


@pytest.mark.parametrize("slug", ["Fu-xi", "fu_xi", "fu--xi", "-fu", "fu-", "富硒", "fu xi"])
def test_a_name_that_cannot_be_a_web_address_is_refused_in_both_languages(slug):
    (problem,) = check_slug(slug, set())
    zh, en = problem
    assert "只能用小写字母、数字和连字符" in zh and "lowercase letters, digits" in en


def test_an_empty_long_or_taken_name_is_refused():
    assert check_slug("", set())[0][1] == "enter a folder name (the name in the web address)"
    assert check_slug("a" * 61, set())[0][1] == "the folder name is too long (61 characters); at most 60"
    (zh, en), = check_slug("fuxi-tea-processing", {"fuxi-tea-processing"})
    assert "已被使用" in zh and "fuxi-tea-processing-2" in en
    assert check_slug("fuxi-tea-processing-2", {"fuxi-tea-processing"}) == []
