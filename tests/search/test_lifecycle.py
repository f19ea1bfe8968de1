"""The index as derived data: built by every publish for exactly the content it publishes,
picked up by running workers without a restart, never written by a request."""

import os
import shutil
import threading
import time
from pathlib import Path

from click.testing import CliRunner
from whoosh.query import Every

from portal.cli import main
from portal.search import analysis, incremental, index
from portal.search.query import normalize

from ..helpers import edit
from .helpers import hrefs


def folder(app):
    """The index folder of the live published generation."""
    return app.extensions["content"].current.root / "search"


def content(app):
    return app.extensions["content"].current


def publish(app):
    return app.extensions["content"].publish(force=True)[0]


def test_the_first_publish_builds_the_index_of_its_content(make_app, search_copy):
    app = make_app(search_copy)
    assert index.exists(folder(app)) and index.is_current(folder(app), content(app))
    assert hrefs(app.test_client(), "zh", "能源")


def test_without_an_index_the_page_says_so_and_the_site_works(make_app, search_copy):
    app = make_app(search_copy)
    shutil.rmtree(folder(app))  # as if someone deleted it by hand
    client = app.test_client()
    response = client.get("/en/search?q=tea")
    assert response.status_code == 200 and "not ready yet" in response.text
    assert client.get("/en/").status_code == 200


def test_a_content_change_and_publish_show_without_a_restart(make_app, search_copy, monkeypatch):
    app = make_app(search_copy)
    client = app.test_client()
    assert hrefs(client, "zh", "氢燃料电池") == []
    edit(search_copy / "policies/tax-guide/index.zh.md", "专精特新企业", "氢燃料电池和专精特新企业")
    monkeypatch.setenv("PORTAL_CONTENT_DIR", str(search_copy))
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", app.instance_path)
    result = CliRunner().invoke(main, ["publish"])  # its own app, as another process would
    assert result.exit_code == 0, result.output
    assert "policies/tax-guide" in result.output
    app.extensions["content"].checked = 0  # the next request looks at `current` again
    assert hrefs(client, "zh", "氢燃料电池") == ["/zh/policies/tax-guide/"]
    again = CliRunner().invoke(main, ["publish"])
    assert "Nothing changed" in again.output


def test_a_reader_open_during_a_publish_keeps_working(make_app, search_copy):
    app = make_app(search_copy)
    service = app.extensions["search"]
    with app.test_request_context(), service.searcher() as (old, searcher, _):
        before = searcher.doc_count()
        generation = publish(app)
        assert service.generation() != old
        assert service.generation().startswith(str(generation.content.root))
        assert Path(old).is_dir()  # the previous generation is kept for its readers
        assert searcher.doc_count() == before
        assert len(searcher.search(Every(), limit=None)) == before


def test_no_empty_results_while_content_is_published(make_app, search_copy):
    app = make_app(search_copy)
    service = app.extensions["search"]
    seen, failures, stop = set(), [], threading.Event()

    def search_all_the_time():
        with app.test_request_context():
            while not stop.is_set():
                try:
                    answer = service.find(normalize("标准化厂房"), "zh")
                    hits = service.highlight(answer, answer.records[:3], "zh")
                    seen.add(answer.generation)
                    if not answer.records or not all(h.title for h in hits):
                        failures.append(answer.generation)
                except Exception as error:  # noqa: BLE001 - any error is a failure here
                    failures.append(repr(error))
                service.answers.entries.clear()  # search the index, not the cache
                # Pause as between requests: back-to-back searches would starve the publish of
                # the GIL (in production it is another process, the watcher).
                time.sleep(0.002)

    readers = [threading.Thread(target=search_all_the_time) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(3):
            publish(app)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert len(seen) >= 2  # the readers moved on to new generations without a restart


def test_answers_are_cached_per_generation(make_app, search_copy):
    app = make_app(search_copy)
    service = app.extensions["search"]
    with app.test_request_context():
        first = service.find("茶", "zh")
        assert service.find("茶", "zh") is first
    publish(app)
    with app.test_request_context():
        assert service.find("茶", "zh").generation != first.generation


def test_requests_never_write_the_index(search_app, search_client):
    def listing():
        return sorted((str(p), p.stat().st_mtime_ns) for p in Path(search_app.instance_path).rglob("*")
                      if p.is_file() and p.name != ".lock" and "search" in p.parts)

    before = listing()
    for q in ("茶", "factory", "税收优惠", "nothing-here", "標準化廠房"):
        for lang in ("zh", "en"):
            search_client.get(f"/{lang}/search", query_string={"q": q})
    assert listing() == before


def test_jiebas_cache_lives_in_an_instance_folder(search_app):
    tokenizer = analysis.jieba_dictionary()
    assert Path(tokenizer.tmp_dir).name == "search"
    assert (Path(tokenizer.tmp_dir) / "jieba.cache").is_file()


def test_cached_answers_are_bounded(search_app, monkeypatch):
    from portal.search import searcher

    monkeypatch.setattr(searcher, "MAX_RECORDS", 3)
    service = search_app.extensions["search"]
    with search_app.test_request_context():
        answer = service.find("标准化厂房 厂房", "zh")
    assert len(answer.records) == 3 and answer.capped


def test_a_large_build_runs_in_parallel_segments_that_search_as_one(make_app, search_copy,
                                                                     monkeypatch):
    app = make_app(search_copy)
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)  # the fixture content is small
    monkeypatch.setattr(incremental, "FULL_FROM", -1)  # a full build, not an update of the last
    publish(app)
    service = app.extensions["search"]
    with app.test_request_context(), service.searcher() as (generation, searcher, _):
        assert generation.startswith(str(content(app).root))
        assert len(searcher.reader().leaf_readers()) >= 2 or len(os.sched_getaffinity(0)) < 2
    client = app.test_client()
    assert hrefs(client, "zh", "税收优惠")[0] == "/zh/policies/tax-guide/"
    assert hrefs(client, "en", "factories")


def test_changed_synonyms_rebuild_the_whole_index(make_app, search_copy):
    app = make_app(search_copy)
    (search_copy / "synonyms.yaml").write_text("groups:\n  - [冷链物流, cold storage]\n",
                                               encoding="utf-8")
    publish(app)
    meta = index.read_meta(folder(app))
    assert not meta["incremental"] and meta["written"] == meta["documents"]
