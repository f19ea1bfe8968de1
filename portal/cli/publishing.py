"""``portal check``, ``portal publish`` and ``portal preview``: the staff's publishing commands."""

import os
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

import click

from ..config import ROOT
from ..content.format import ContentTooNew
from ..factory import create_app
from ..ports import PortInUse, check_free
from ..publish.checking import check_working_copy, live_folder
from ..publish.report import describe
from ..publish.watch import watch_and_publish
from ..search import warm_up


@click.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def check(folder):
    """Validate the working copy; list every problem (file, line, field, value); exit 1 on errors."""
    folder = folder or Path(os.environ.get("PORTAL_CONTENT_DIR", ROOT / "content"))
    if not folder.is_dir():
        raise click.UsageError(f"no content folder at {folder}")
    import logging

    logging.getLogger("portal.content.store").setLevel(logging.ERROR)
    # Judged as the next publish judges it: a folder with errors that is published keeps its
    # last good version, and what names it is fine.
    try:
        report = check_working_copy(folder, live_folder(folder))
    except ContentTooNew as error:  # nothing of it would be published: one line says why
        click.echo(str(error), err=True)
        sys.exit(1)
    for line in report.lines:  # errors first, each folder's with what a publish does with it
        click.echo(line)
    if report.errors:
        click.echo(report.verdict, err=True)
        sys.exit(1)
    click.echo(report.verdict)


def make_publishing_app(**config):
    """The app for a publishing command: it publishes itself, so the factory must not."""
    return create_app({"PUBLISH_MISSING": False, **config})


@click.command()
@click.option("--force", is_flag=True, help="Publish even if nothing changed (rebuilds images and index).")
@click.option("--watch", is_flag=True, help="Keep running: publish within seconds of every save.")
def publish(force, watch):
    """Publish the working copy now: valid files go live, files with errors keep their last good version."""
    app = make_publishing_app()
    store = app.extensions["content"]

    def once(force=force):
        try:
            generation, changed = store.publish(force=force, progress=progress)
        except ContentTooNew as error:  # the live generation stays; a watcher goes on watching
            click.echo(f"[{datetime.now():%H:%M:%S}] {error}", err=True)
            if not watch:
                sys.exit(1)
            return None
        stamp = datetime.now().strftime("%H:%M:%S")
        for line in describe(generation, changed):
            click.echo(f"[{stamp}] {line}" if line else "")
        return generation

    try:
        with app.app_context():
            if not watch:
                once()  # files with errors are reported above; the rest is live: success
                return
            warm_up()  # jieba now, not in the first save's publish (a second of its time)
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())  # from `portal serve`, or systemd
            click.echo(f"watching {store.source}: saved files are published within seconds "
                       "/ 保存后数秒内自动发布 (Ctrl-C stops)")
            watch_and_publish(store.source, once, stop)
    except KeyboardInterrupt:  # Ctrl-C: a normal way to stop watching, not an error
        pass


def progress(step):
    click.echo(f"  … {step}", err=True)


@click.command()
@click.option("--port", default=lambda: int(os.environ.get("PORTAL_PREVIEW_PORT", "5000")), type=int,
              show_default="5000")
def preview(port):
    """For staff: the working copy on http://127.0.0.1:PORT/, updated on every save, problems shown."""
    from werkzeug.serving import run_simple

    try:
        check_free("127.0.0.1", port)
    except PortInUse:
        raise click.ClickException(port_message(port)) from None
    app = make_publishing_app(PREVIEW=True)
    store = app.extensions["content"]

    def once():
        with app.app_context():
            generation, changed = store.publish()
        if changed:
            state = f"{len(generation.errors)} 个错误 / error(s)" if generation.errors else "OK"
            click.echo(f"[{datetime.now():%H:%M:%S}] preview updated / 预览已更新: {state}")

    once()  # before the first request: a fresh instance folder has nothing to show yet
    stop = threading.Event()
    threading.Thread(target=watch_and_publish, args=(store.source, once, stop), daemon=True).start()
    click.echo(f"预览 / preview of {store.source} on http://127.0.0.1:{port}/ "
               f"(other port: make preview PORT=…; Ctrl-C stops)")
    try:
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()


def port_message(port):
    return (f"端口 {port} 已被占用（可能已有一个 portal 在运行）/ port {port} is already in use "
            f"(is another portal running?). Stop it, or choose another port: PORT=…")
