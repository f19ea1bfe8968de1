"""Bundle writes are all-or-nothing across a crash and refused when a file changed on disk.

Crashes are real ones where it matters: a forked child process writes and dies with ``os._exit``
between the two renames, or just before the journal is committed; this process then recovers, as
the next write (or the start-up) would."""

import hashlib
import os
import stat
import threading

import pytest

from portal.editor import writes
from portal.editor.writes import Conflict, digest, digests, recover, write_bundle

OLD = {"index.zh.md": "---\ntitle: 富硒茶精深加工项目\n---\n旧正文\n",
       "index.en.md": "---\ntitle: Selenium tea\n---\nOld body\n"}
NEW = {"index.zh.md": "---\ntitle: 富硒茶精深加工项目\ntotal_investment: 3.5亿\n---\n新正文\n",
       "index.en.md": "---\ntitle: Selenium-rich tea\n---\nNew body\n"}


@pytest.fixture
def bundle(tmp_path):
    folder = tmp_path / "content" / "projects" / "fuxi-tea"
    folder.mkdir(parents=True)
    for name, text in OLD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def journal(tmp_path):
    return tmp_path / "instance" / "journal"


def texts(folder):
    return {path.name: path.read_text("utf-8") for path in sorted(folder.iterdir())}


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def journals(journal_dir):
    return sorted(path.name for path in journal_dir.iterdir() if path.name != ".lock")


def test_digests_are_of_the_bytes_and_none_for_no_file(bundle):
    assert digest(bundle / "index.zh.md") == sha(OLD["index.zh.md"])
    assert digests(bundle, ["index.en.md", "index.zh-hant.md"]) == {
        "index.en.md": sha(OLD["index.en.md"]), "index.zh-hant.md": None}


def test_a_write_replaces_the_files_and_returns_their_digests(bundle, journal):
    base = digests(bundle, OLD)
    written = write_bundle(bundle, NEW, expected=base, journal_dir=journal)
    assert texts(bundle) == NEW
    assert written == {name: sha(text) for name, text in NEW.items()} == digests(bundle, NEW)
    assert journals(journal) == []


def test_a_new_item_gets_its_folder_and_the_modes_a_hand_saved_file_has(tmp_path, journal):
    folder = tmp_path / "content" / "projects" / "gao-chun-liu-suan-meng"
    umask = os.umask(0o022)
    os.umask(umask)
    write_bundle(folder, {"index.zh.md": NEW["index.zh.md"], "cover.jpg": b"\xff\xd8\xff"},
                 expected={}, journal_dir=journal)
    assert (folder / "cover.jpg").read_bytes() == b"\xff\xd8\xff"
    assert stat.S_IMODE((folder / "index.zh.md").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(journal.stat().st_mode) == 0o700


def test_a_replaced_file_keeps_its_mode(bundle, journal):
    os.chmod(bundle / "index.zh.md", 0o640)
    write_bundle(bundle, {"index.zh.md": NEW["index.zh.md"]}, expected=None, journal_dir=journal)
    assert stat.S_IMODE((bundle / "index.zh.md").stat().st_mode) == 0o640


def test_none_deletes_a_file(bundle, journal):
    write_bundle(bundle, {"index.en.md": None}, expected=digests(bundle, OLD), journal_dir=journal)
    assert texts(bundle) == {"index.zh.md": OLD["index.zh.md"]}


def test_text_from_a_browser_is_written_with_lf(bundle, journal):
    write_bundle(bundle, {"index.zh.md": "---\r\ntitle: 标题\r\n---\r\n正文\r\n"}, journal_dir=journal)
    assert (bundle / "index.zh.md").read_bytes() == "---\ntitle: 标题\n---\n正文\n".encode()


def test_a_hand_edit_since_the_form_was_opened_is_a_conflict_and_nothing_is_written(bundle, journal):
    base = digests(bundle, OLD)
    hand = OLD["index.en.md"].replace("Old body", "Old body, edited on the server")
    (bundle / "index.en.md").write_text(hand, encoding="utf-8")
    with pytest.raises(Conflict) as caught:
        write_bundle(bundle, NEW, expected=base, journal_dir=journal)
    assert caught.value.changed == {"index.en.md": (sha(OLD["index.en.md"]), sha(hand))}
    assert texts(bundle) == {**OLD, "index.en.md": hand}
    assert journals(journal) == []


def test_a_file_that_appeared_or_disappeared_is_a_conflict(bundle, journal):
    base = digests(bundle, [*OLD, "index.zh-hant.md"])
    (bundle / "index.zh-hant.md").write_text("---\ntitle: 富硒茶\n---\n", encoding="utf-8")
    (bundle / "index.en.md").unlink()
    with pytest.raises(Conflict) as caught:
        write_bundle(bundle, {"index.zh.md": NEW["index.zh.md"]}, expected=base, journal_dir=journal)
    assert caught.value.changed == {
        "index.en.md": (sha(OLD["index.en.md"]), None),
        "index.zh-hant.md": (None, sha("---\ntitle: 富硒茶\n---\n")),
    }
    assert (bundle / "index.zh.md").read_text("utf-8") == OLD["index.zh.md"]


def test_a_file_written_but_not_in_the_base_must_not_exist(bundle, journal):
    with pytest.raises(Conflict) as caught:
        write_bundle(bundle, {"index.en.md": NEW["index.en.md"]}, expected={}, journal_dir=journal)
    assert caught.value.changed == {"index.en.md": (None, sha(OLD["index.en.md"]))}


def test_index_zh_is_renamed_last(bundle, journal, monkeypatch):
    done = []
    replace = os.replace
    monkeypatch.setattr(writes.os, "replace", lambda a, b: (done.append(os.path.basename(b)), replace(a, b)))
    write_bundle(bundle, {**NEW, "cover.jpg": b"jpeg"}, journal_dir=journal)
    bundle_renames = [name for name in done if not name.endswith(".json")]
    assert bundle_renames == ["cover.jpg", "index.en.md", "index.zh.md"]


def test_an_error_between_two_renames_is_finished_by_recover(bundle, journal, monkeypatch):
    replace = os.replace
    calls = []

    def failing(source, target):
        if not str(target).endswith(".json"):
            calls.append(target)
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
        return replace(source, target)

    monkeypatch.setattr(writes.os, "replace", failing)
    with pytest.raises(OSError):
        write_bundle(bundle, NEW, expected=digests(bundle, OLD), journal_dir=journal)
    assert texts(bundle)["index.en.md"] == NEW["index.en.md"]  # half done: en new, zh old
    assert texts(bundle)["index.zh.md"] == OLD["index.zh.md"]
    monkeypatch.setattr(writes.os, "replace", replace)
    assert recover(journal) == [bundle.resolve()]
    assert texts(bundle) == NEW
    assert journals(journal) == []


def test_an_error_while_writing_the_temporary_files_leaves_all_old(bundle, journal, monkeypatch):
    write_temporary = writes.write_temporary

    def full(path, data, final):
        if final.name == "index.zh.md":
            raise OSError(28, "No space left on device")
        write_temporary(path, data, final)

    monkeypatch.setattr(writes, "write_temporary", full)
    with pytest.raises(OSError):
        write_bundle(bundle, NEW, journal_dir=journal)
    assert texts(bundle) == OLD  # no temporary file left either
    assert journals(journal) == []


def crash(folder, journal_dir, where):
    """Write NEW in a child process that dies (``os._exit``: no cleanup, no ``finally``) at
    ``where``: between the two renames, or just before the journal is committed."""
    child = os.fork()
    if child == 0:
        try:
            die_at(where)
            write_bundle(folder, NEW, journal_dir=journal_dir)
        finally:
            os._exit(1)  # never reached the crash: the parent's assertion says so
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def die_at(where):
    """In the child: make the process die at ``where``."""
    if where == "between-renames":
        replace, renames = os.replace, []

        def dying_replace(source, target):
            if not str(target).endswith(".json"):
                renames.append(target)
                if len(renames) == 2:
                    os._exit(9)
            replace(source, target)

        writes.os.replace = dying_replace
    else:
        save_journal = writes.save_journal

        def dying_save(path, journal):
            if journal["state"] == writes.COMMITTED:
                os._exit(9)
            save_journal(path, journal)

        writes.save_journal = dying_save


def test_a_crash_between_two_renames_gives_all_new_after_recovery(bundle, journal):
    crash(bundle, journal, "between-renames")
    assert texts(bundle)["index.zh.md"] == OLD["index.zh.md"]  # the crash left it half written
    assert texts(bundle)["index.en.md"] == NEW["index.en.md"]
    recover(journal)
    assert texts(bundle) == NEW
    assert journals(journal) == []


def test_a_crash_before_the_journal_is_committed_gives_all_old_after_recovery(bundle, journal):
    crash(bundle, journal, "before-commit")
    assert any(name.endswith(".tmp") for name in os.listdir(bundle))  # written, never renamed
    recover(journal)
    assert texts(bundle) == OLD
    assert journals(journal) == []


def test_the_next_write_recovers_first(bundle, journal, tmp_path):
    crash(bundle, journal, "between-renames")
    other = tmp_path / "content" / "news" / "2026-03-18-roadshow"
    write_bundle(other, {"index.zh.md": "---\ntitle: 推介会\n---\n"}, expected={}, journal_dir=journal)
    assert texts(bundle) == NEW


def test_a_damaged_journal_is_set_aside_and_writes_go_on(bundle, journal):
    journal.mkdir(parents=True)
    (journal / "0123456789abcdef.json").write_text('{"state": "comm', encoding="utf-8")
    write_bundle(bundle, NEW, expected=digests(bundle, OLD), journal_dir=journal)
    assert texts(bundle) == NEW
    assert journals(journal) == ["0123456789abcdef.json.damaged"]


@pytest.mark.parametrize("name", ["../index.zh.md", ".hidden", "sub/index.zh.md", ""])
def test_only_plain_file_names_are_written(bundle, journal, name):
    with pytest.raises(ValueError):
        write_bundle(bundle, {name: "x"}, journal_dir=journal)
    assert texts(bundle) == OLD


def test_of_two_editors_saving_from_the_same_base_one_wins_and_one_gets_a_conflict(bundle, journal):
    base = digests(bundle, OLD)
    theirs = {"index.zh.md": NEW["index.zh.md"].replace("新正文", "他们的正文")}
    outcomes = []

    def save(files):
        try:
            write_bundle(bundle, files, expected=base, journal_dir=journal)
            outcomes.append("saved")
        except Conflict as conflict:
            outcomes.append(conflict.changed)

    threads = [threading.Thread(target=save, args=(files,)) for files in (NEW, theirs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1
    (changed,) = [outcome for outcome in outcomes if outcome != "saved"]
    winner = (bundle / "index.zh.md").read_text("utf-8")
    assert changed["index.zh.md"] == (sha(OLD["index.zh.md"]), sha(winner))
    assert winner in (NEW["index.zh.md"], theirs["index.zh.md"])


def test_recover_waits_for_a_write_in_progress_instead_of_rolling_it_back(bundle, journal, monkeypatch):
    write_temporary = writes.write_temporary
    recovered = []

    def slow(path, data, final):
        write_temporary(path, data, final)
        if final.name == "index.en.md":  # prepared journal on disk, a temporary file written
            thread = threading.Thread(target=lambda: recovered.append(recover(journal)))
            thread.start()
            thread.join(0.3)
            assert thread.is_alive()  # recover waits for the lock
            recovered.append(thread)

    monkeypatch.setattr(writes, "write_temporary", slow)
    write_bundle(bundle, NEW, journal_dir=journal)
    recovered[0].join()
    assert recovered[1] == []  # nothing left to recover once the write ended
    assert texts(bundle) == NEW
