"""The editor's forms come from the content models: every field of every content type is shown
with its Chinese and English label, a field added to a model appears with no template change,
and a bundle shown in the form and sent back unchanged gives back the same files' data."""

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from typing import Annotated

import pytest
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from portal.content import get_content
from portal.content.frontmatter import parse_markdown
from portal.content.models import SECTIONS, Project
from portal.content.problems import Problem
from portal.content.types import Number, parse_amount, parse_date, reference, term
from portal.editor.documents import Document
from portal.editor.fields import GROUPS, fields_of, grouped, walk
from portal.editor.forms import all_choices, choices_for, documents, inputs, leftovers, parse
from portal.editor.labels import GROUP_LABELS

from ..conftest import FIXTURE_CONTENT, SAMPLE_CONTENT

KINDS = {"text", "textarea", "amount", "number", "integer", "date", "select", "multiselect",
         "reference", "references", "bool", "lines", "group", "rows", "focus", "file", "body"}
CJK = re.compile(r"[\u4e00-\u9fff]")
COLUMN = ('{% import "staff/editor/fields.html" as f %}'
          '{{ f.column(groups, labels, values, errors, lang, false, choices, ui) }}')
FILES = {"zh": "index.zh.md", "en": "index.en.md", "zh-hant": "index.zh-hant.md"}


class Extended(Project):
    """A project with fields added later: the form must show them without any other change."""

    visit_note: str | None = None
    visit_count: Annotated[int, Number] | None = None
    sister_park: reference("parks") | None = None
    sectors: tuple[term("industries"), ...] = ()
    odd: dict | None = None  # an annotation the form does not know: a text input


def bundles(root):
    return sorted((section, folder) for section in SECTIONS for folder in (root / section).iterdir()
                  if folder.is_dir()) if root.is_dir() else []


ALL_BUNDLES = [pytest.param(root, section, folder.name, id=f"{root.parent.name}/{section}/{folder.name}")
               for root in (SAMPLE_CONTENT, FIXTURE_CONTENT) for section, folder in bundles(root)]


def read_docs(folder):
    docs = {}
    for lang, name in FILES.items():
        if (folder / name).exists():
            data, body, _ = parse_markdown(folder / name, name)
            docs[lang] = Document(data, body)
    return docs


def as_form(values):
    """What a form showing ``values`` sends back unchanged."""
    form = MultiDict()
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            form.add(name, one)
    return form


def without_defaults(specs, data):
    """``data`` without the ``false`` of a checkbox that is false by default: an unticked box
    sends nothing."""
    return {k: v for k, v in data.items()
            if not any(s.name == k and s.kind == "bool" and v is False and s.default is False
                       for s in specs)}


def render(app, specs, values, lang="zh", errors=None, choices=None, ui="zh"):
    with app.test_request_context("/staff/"):
        return app.jinja_env.from_string(COLUMN).render(
            groups=grouped(specs), labels=GROUP_LABELS, values=values, errors=errors or {},
            lang=lang, choices=choices or {}, ui=ui)


class Submitted(HTMLParser):
    """The inputs a browser sends for a rendered form: text inputs, ticked boxes, the chosen
    option of each select (the first if none is), textareas with their first newline dropped
    and line ends sent as CRLF. Disabled inputs send nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = MultiDict()
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        name = found.get("name")
        if tag == "input" and name and "disabled" not in found:
            if found.get("type") != "checkbox" or "checked" in found:
                self.form.add(name, found.get("value", ""))
        elif tag == "select":
            self.select = {"name": name, "first": None, "chosen": None, "off": "disabled" in found}
        elif tag == "option" and self.select is not None:
            if self.select["first"] is None:
                self.select["first"] = found["value"]
            if "selected" in found:
                self.select["chosen"] = found["value"]
        elif tag == "textarea":
            self.textarea = [name, "", "disabled" in found]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if self.select["name"] and not self.select["off"]:
                self.form.add(self.select["name"], self.select["first"] if chosen is None else chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text, off = self.textarea
            text = text[1:] if text.startswith("\n") else text
            if name and not off:
                self.form.add(name, text.replace("\n", "\r\n"))
            self.textarea = None


def submitted(html):
    parser = Submitted()
    parser.feed(html)
    return parser.form


def keys(spec, value, choices):
    """``value`` with every choice written by its other name (a term's Chinese label, a park's
    Chinese name) written by its key, as the form sends it back."""
    if spec.kind in ("select", "reference", "multiselect", "references"):
        def key(one):
            return next((c.value for c in choices.get(spec.path, ()) if one in c.aliases), one)
        return [key(v) for v in value] if isinstance(value, list) else key(value)
    if spec.kind == "group" and isinstance(value, dict):
        return {c.name: keys(c, value[c.name], choices) for c in spec.children if c.name in value}
    if spec.kind == "rows" and isinstance(value, list):
        return [{c.name: keys(c, row[c.name], choices) for c in spec.children if c.name in row}
                for row in value]
    return value


# ---- the fields


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_field_has_its_words_in_both_languages_and_a_known_widget(section):
    specs = fields_of(SECTIONS[section])
    model = SECTIONS[section]
    top = {s.name for s in specs}
    assert top == set(model.model_fields) - model.LOADER_FIELDS | {"body"}
    for spec in walk(specs):
        assert spec.kind in KINDS, spec
        assert spec.label_zh != spec.path and CJK.search(spec.label_zh), spec.path
        assert spec.label_en != spec.path and spec.label_en[0].isupper(), spec.path
        assert not spec.help_zh or CJK.search(spec.help_zh), spec.path
        assert bool(spec.help_zh) == bool(spec.help_en), spec.path
    assert [s.group for s in specs] == sorted((s.group for s in specs), key=GROUPS.index)


def test_widgets_follow_the_annotations():
    project = {s.path: s for s in walk(fields_of(SECTIONS["projects"]))}
    assert (project["industry"].kind, project["industry"].vocabulary) == ("select", "industries")
    assert (project["cooperation_modes"].kind, project["cooperation_modes"].vocabulary) == (
        "multiselect", "cooperation_modes")
    assert (project["park"].kind, project["park"].section) == ("reference", "parks")
    assert (project["desk"].kind, project["desk"].section) == ("reference", "desks")
    assert (project["policies"].kind, project["policies"].section) == ("references", "policies")
    assert (project["incentives.policy"].kind, project["incentives.policy"].section) == (
        "reference", "policies")
    assert project["total_investment"].kind == "amount" and project["total_investment"].required
    assert project["benefits"].kind == "group" and [c.name for c in project["benefits"].children] == [
        "annual_output", "annual_tax", "jobs", "payback_years"]
    assert project["benefits.jobs"].kind == "integer"
    assert project["benefits.payback_years"].kind == "number"
    assert project["incentives"].kind == "rows" and project["incentives"].multiple
    assert project["incentives"].translated and project["incentives.text"].translated
    assert not project["total_investment"].translated and project["title"].translated
    assert project["cover_focus"].kind == "focus" and project["cover"].kind == "file"
    assert project["updated"].kind == "date" and project["weight"].kind == "integer"
    assert project["featured"].kind == "bool" and project["body"].kind == "body"
    park = {s.path: s for s in walk(fields_of(SECTIONS["parks"]))}
    assert park["encouraged"].kind == "lines" and park["location"].kind == "group"
    assert park["transport"].kind == "rows" and park["transport.km"].kind == "number"
    assert "units" not in park  # the loader's, from units.csv
    policy = {s.path: s for s in walk(fields_of(SECTIONS["policies"]))}
    assert (policy["parks"].kind, policy["parks"].section) == ("references", "parks")
    assert policy["effective_to"].kind == "date" and not policy["effective_to"].required
    desk = {s.path: s for s in walk(fields_of(SECTIONS["desks"]))}
    assert desk["wechat_qr"].kind == "file" and desk["people"].kind == "rows"
    assert desk["desk"].label_zh == "上级窗口"  # a desk's own desk is its parent
    news = {s.path for s in walk(fields_of(SECTIONS["news"]))}
    assert "published" not in news  # from the folder name


def test_a_field_added_to_a_model_gets_a_widget_from_its_type_and_its_name_as_label():
    added = {s.path: s for s in fields_of(Extended)}
    assert (added["visit_note"].kind, added["visit_note"].label_zh) == ("text", "visit_note")
    assert added["visit_count"].kind == "integer"
    assert (added["sister_park"].kind, added["sister_park"].section) == ("reference", "parks")
    assert (added["sectors"].kind, added["sectors"].vocabulary) == ("multiselect", "industries")
    assert added["odd"].kind == "text"
    assert added["title"].label_zh == "项目名称"  # the model's own words still apply


# ---- the rendered form


@pytest.mark.parametrize("section", list(SECTIONS))
def test_the_form_shows_every_field_with_both_labels_and_an_input(app, section):
    model = SECTIONS[section]
    specs = fields_of(model)
    folder = next(f for s, f in bundles(FIXTURE_CONTENT) if s == section)
    values = inputs(section, read_docs(folder))
    with app.app_context():
        choices = all_choices(specs, get_content())
    html = render(app, specs, values, "zh", choices=choices)
    for spec in walk(specs):
        assert str(escape(spec.label_zh)) in html and str(escape(spec.label_en)) in html, spec.path
    for spec in specs:
        if spec.kind == "group":
            for child in spec.children:
                assert f'name="zh.{child.path}"' in html
        elif spec.kind == "rows":
            for child in spec.children:  # the blank rows at least
                assert re.search(rf'name="zh\.{spec.name}\.\d+\.{child.name}"', html), child.path
        elif spec.kind == "focus":
            assert f'name="zh.{spec.name}.0"' in html and f'name="zh.{spec.name}.1"' in html
        else:
            assert f'name="zh.{spec.name}"' in html, spec.name
    for group in {s.group for s in specs}:
        assert GROUP_LABELS[group][0] in html and GROUP_LABELS[group][1] in html

    english = render(app, specs, values, "en", choices=choices, ui="en")
    shared = [s for s in specs if not s.translated]
    assert english.count('class="field field-shared"') == len(shared)
    for spec in specs:
        assert (f'name="en.{spec.name}' in english) == spec.translated, spec.name
    # in English the English label comes first, the Chinese beside it
    title = next(s for s in specs if s.name in ("title", "name"))
    assert re.search(rf'<span lang="en">{re.escape(title.label_en)}</span>\s*'
                     rf'<small lang="zh-Hans">{re.escape(title.label_zh)}</small>', english)


def test_a_field_added_to_a_model_appears_in_the_form_and_comes_back(app):
    specs = fields_of(Extended)
    with app.app_context():
        choices = all_choices(specs, get_content())
    values = {"zh.visit_note": "已考察", "zh.visit_count": "3", "zh.sister_park": "agri-park",
              "zh.sectors": ["materials"], "zh.odd": "x"}
    html = render(app, specs, values, choices=choices)
    assert 'name="zh.visit_note" value="已考察"' in html and "visit_note" in html
    assert re.search(r'<option value="agri-park" selected>', html)
    assert re.search(r'name="zh.sectors" value="materials" checked', html)
    data, _ = parse(Extended, submitted(html))["zh"]
    assert (data["visit_note"], data["visit_count"], data["sister_park"], data["sectors"],
            data["odd"]) == ("已考察", 3, "agri-park", ["materials"], "x")


def test_problems_are_shown_at_their_input_and_described_by_it(app):
    specs = fields_of(SECTIONS["projects"])
    problem = Problem("projects/x/index.zh.md", 2, "title", "缺少必填字段", "required field is missing")
    errors = {"zh.title": [problem], "zh.cooperation_modes.1": ["“合做”不是允许的取值"],
              "zh.incentives.0.text": ["不能为空"]}
    html = render(app, specs, {"zh.incentives.0.policy": "x"}, errors=errors)
    assert re.search(r'<input type="text" id="f-zh-title" name="zh.title" value="" '
                     r'aria-describedby="f-zh-title-error" aria-invalid="true"', html)
    assert '<p class="error" id="f-zh-title-error">缺少必填字段</p>' in html
    assert '<p class="error" id="f-zh-cooperation_modes-error">“合做”不是允许的取值</p>' in html
    assert '<p class="error" id="f-zh-incentives-0-text-error">不能为空</p>' in html
    english = render(app, specs, {}, errors=errors, ui="en")
    assert '<p class="error" id="f-zh-title-error">required field is missing</p>' in english


def test_a_value_that_is_no_choice_is_kept_and_an_amount_that_does_not_split_stays_as_typed(app):
    specs = fields_of(SECTIONS["projects"])
    with app.app_context():
        choices = all_choices(specs, get_content())
    values = inputs("projects", {"zh": Document(
        {"industry": "新能源", "status": "洽谈中", "total_investment": "2.8亿",
         "benefits": {"annual_output": "3.5亿元"}, "cooperation_modes": ["合资", "众筹"]}, "")})
    html = render(app, specs, values, choices=choices)
    assert '<option value="新能源" selected>新能源' in html  # kept, for the check to name
    assert '<option value="negotiating" selected>洽谈中</option>' in html  # by its Chinese label
    assert re.search(r'name="zh.total_investment" value="2.8亿"', html)
    assert re.search(r'name="zh.benefits.annual_output" value="3.5"', html)
    assert '<option value="亿元" selected>' in html
    data, _ = parse("projects", submitted(html))["zh"]
    assert data["industry"] == "新能源" and data["status"] == "negotiating"
    assert data["total_investment"] == "2.8亿" and data["benefits"] == {"annual_output": "3.5亿元"}
    assert data["cooperation_modes"] == ["jv", "众筹"]


# ---- files -> form -> files


@pytest.mark.parametrize(("root", "section", "slug"), ALL_BUNDLES)
def test_inputs_parsed_give_back_the_files_data(root, section, slug):
    docs = read_docs(root / section / slug)
    specs = fields_of(SECTIONS[section])
    back = parse(section, as_form(inputs(section, docs)))
    assert set(back) == set(docs)
    for lang, doc in docs.items():
        data, body = back[lang]
        assert data == without_defaults(specs, doc.data)
        assert body == doc.body


@pytest.fixture(scope="module")
def choices_by_root(app, sample_app):
    found = {}
    for root, built in ((FIXTURE_CONTENT, app), (SAMPLE_CONTENT, sample_app)):
        with built.app_context():
            content = get_content()
            found[root] = {s: all_choices(fields_of(m), content) for s, m in SECTIONS.items()}
    return found


@pytest.mark.parametrize(("root", "section", "slug"), ALL_BUNDLES)
def test_the_rendered_form_sent_back_unchanged_gives_back_the_files_data(
        app, choices_by_root, root, section, slug):
    """Through the HTML, as a browser sends it: terms and parks come back by their keys."""
    docs = read_docs(root / section / slug)
    specs = fields_of(SECTIONS[section])
    choices = choices_by_root[root][section]
    values = inputs(section, docs)
    html = "".join(render(app, specs, values, lang, choices=choices) for lang in docs)
    back = parse(section, submitted(html))
    for lang, doc in docs.items():
        data, body = back[lang]
        expected = {k: keys(next(s for s in specs if s.name == k), v, choices)
                    for k, v in without_defaults(specs, doc.data).items()}
        assert data == expected
        assert body == doc.body


def test_a_body_that_starts_with_a_blank_line_keeps_it_through_the_textarea(app):
    """A browser drops one newline right after ``<textarea>``: the form puts one there."""
    specs = fields_of(SECTIONS["pages"])
    docs = {"zh": Document({"title": "关于"}, "\n\n## 简介\n正文\n")}
    html = render(app, specs, inputs("pages", docs))
    assert parse("pages", submitted(html))["zh"] == ({"title": "关于"}, "\n\n## 简介\n正文\n")


# ---- what staff type


def test_typed_input_is_kept_as_typed_and_reads_as_portal_check_reads_it():
    form = MultiDict([
        ("zh.title", "  富硒茶 精深加工项目 "), ("zh.summary", "第一行\r\n第二行"),
        ("zh.total_investment", "３．５"), ("zh.total_investment:unit", "亿元"),
        ("zh.benefits.annual_output", "３．５亿"), ("zh.benefits.annual_output:unit", ""),
        ("zh.benefits.annual_tax", "3000"), ("zh.benefits.annual_tax:unit", "万"),
        ("zh.benefits.jobs", "1,200"), ("zh.benefits.payback_years", "6.5"),
        ("zh.land_mu", "１２０"), ("zh.building_area_m2", "36000"),
        ("zh.updated", " 2027/1/15 "), ("zh.park", ""), ("zh.weight", "0"),
        ("zh.cooperation_modes", "合作"), ("zh.cooperation_modes", ""), ("zh.cooperation_modes", "ppp"),
        ("zh.incentives.0.text", "按设备投资额给予补助"), ("zh.incentives.0.policy", ""),
        ("zh.incentives.1.text", ""), ("zh.incentives.1.policy", ""),
        ("zh.incentives.2.text", "免租两年"), ("zh.incentives.2.policy", "factory-rent-support"),
        ("zh.cover_focus.0", "0"), ("zh.cover_focus.1", "0.2"), ("zh.featured", "true"),
        ("zh.body", "## 项目概况\r\n\r\n正文\r\n"),
        ("en.title", "Tea"), ("en.industry", "tea"), ("en.summary", ""), ("en.body", ""),
        ("zh-hant.title", ""), ("zh-hant.body", "  \r\n"),
    ])
    found = parse("projects", form)
    assert set(found) == {"zh", "en"}  # nothing typed in the 繁體 column: no file
    data, body = found["zh"]
    assert data["title"] == "富硒茶 精深加工项目"  # outer spaces go, the rest as typed
    assert data["summary"] == "第一行\n第二行"
    assert data["total_investment"] == "３．５亿元"
    assert data["benefits"] == {"annual_output": "３．５亿", "annual_tax": "3000万", "jobs": "1,200",
                                "payback_years": 6.5}
    assert (data["land_mu"], data["building_area_m2"]) == ("１２０", 36000)
    assert data["updated"] == "2027/1/15"
    assert "park" not in data and data["weight"] == 0  # empty: not written; 0 is a value
    assert data["cooperation_modes"] == ["合作", "ppp"]
    assert data["incentives"] == [{"text": "按设备投资额给予补助"},
                                  {"text": "免租两年", "policy": "factory-rent-support"}]
    assert data["cover_focus"] == [0, 0.2] and data["featured"] is True
    assert body == "## 项目概况\n\n正文\n"
    assert found["en"] == ({"title": "Tea"}, "")  # a fact typed in English is not kept there
    # and the typed values read as portal check reads them
    assert parse_amount(data["total_investment"]).yuan == Decimal(350_000_000)
    assert parse_amount(data["benefits"]["annual_output"]).yuan == Decimal(350_000_000)
    assert parse_amount(data["benefits"]["annual_tax"]).yuan == Decimal(30_000_000)
    assert parse_date(data["updated"]) == date(2027, 1, 15)


def test_an_empty_form_gives_an_empty_chinese_file_for_the_check_to_report():
    assert parse("news", MultiDict([("zh.title", " "), ("en.title", "")])) == {"zh": ({}, "")}


def test_keys_the_form_cannot_carry_are_named_not_dropped_quietly():
    docs = {"zh": Document({"title": "关于", "titel": "关于", "desk": "bureau"}, ""),
            "en": Document({"title": "About", "desk": "bureau"}, "")}
    assert leftovers("pages", docs) == {"zh": ["titel"], "en": ["desk"]}
    assert "zh.titel" not in inputs("pages", docs) and "en.desk" not in inputs("pages", docs)
    assert leftovers("pages", {"zh": Document({"title": "关于"}, "")}) == {}


def test_documents_are_the_parsed_files():
    found = documents("pages", MultiDict([("zh.title", "关于"), ("zh.body", "正文")]))
    assert found == {"zh": Document({"title": "关于"}, "正文")}


def test_choices_are_the_taxonomy_terms_and_the_items_by_chinese_name(app):
    specs = {s.path: s for s in walk(fields_of(SECTIONS["projects"]))}
    with app.app_context():
        content = get_content()
        industries = choices_for(specs["industry"], content)
        english = choices_for(specs["industry"], content, "en")
        parks = choices_for(specs["park"], content)
        none = choices_for(specs["title"], content)
    terms = content.taxonomy.industries
    assert [(c.value, c.label) for c in industries] == [(k, t.zh) for k, t in terms.items()]
    assert all(t.en in c.label and t.zh in c.label for c, t in zip(english, terms.values(), strict=True))
    assert [(c.value, c.label) for c in parks] == [(p.slug, p.name) for p in content.items("parks", "zh")]
    assert none == []
