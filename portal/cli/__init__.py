"""The ``portal`` command: check and publish content, prepare derived data, serve."""

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from .. import search
from ..config import ROOT, ConfigError, apply_settings_file
from ..content.hant import Converter, load_phrases
from ..db import default_url
from ..db.cli import upgrade as db_upgrade
from ..factory import create_app
from ..i18n import compile_catalogs, fill_english, fill_traditional, rewrap
from ..ports import PortInUse, check_free
from .backups import backup, restore
from .publishing import check, make_publishing_app, port_message, preview, publish

WORKERS_KILL_TIMEOUT_S = 5
PUBLISHER_NICENESS = 10
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


# Commands that may run before the database exists: they create it, or never open it.
BEFORE_DATABASE = {"prepare", "db", "restore", "check", "publish", "preview", "translate"}


def make_app():
    return create_app()


class PortalGroup(FlaskGroup):
    """Every command reads the settings file first; a bad setting is one line and exit 2."""

    def main(self, args=None, **kwargs):
        args = sys.argv[1:] if args is None else list(args)
        try:
            path = apply_settings_file()
            refuse_new_database(args, path)
            return super().main(args, **kwargs)
        except ConfigError as error:
            click.echo(f"portal: {error}", err=True)
            sys.exit(2)


def refuse_new_database(args, settings_path, environ=os.environ):
    """In production, refuse a command that would create an empty SQLite file where the data
    should be (cron without the settings once backed up such a file, every night)."""
    command = next((a for a in args if not a.startswith("-")), None)
    if environ.get("PORTAL_ENV") != "production" or command in BEFORE_DATABASE or command is None:
        return
    instance = environ.get("PORTAL_INSTANCE_DIR") or ROOT / "instance"
    url = environ.get("PORTAL_DATABASE_URL") or default_url(Path(instance).resolve())
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise ConfigError(f"no database at {url.removeprefix('sqlite:///')}; set PORTAL_DATABASE_URL "
                          f"in {settings_path or 'the settings file (PORTAL_ENV_FILE)'}, "
                          "or create it with `portal prepare` (or `portal restore`)")


@click.group(cls=PortalGroup, create_app=make_app, add_default_commands=False)
def main():
    """Invest Portal: manage and serve the site."""


main.add_command(check)
main.add_command(publish)
main.add_command(preview)
main.add_command(backup)
main.add_command(restore)


@main.command(with_appcontext=False)
@click.pass_context
def prepare(ctx):
    """Build everything derived: catalogs, the database schema, a published generation (images, index)."""
    with make_publishing_app().app_context():
        ctx.invoke(db_upgrade)
    ctx.invoke(publish)


@main.command(with_appcontext=False)
@click.option("--host", default=lambda: os.environ.get("PORTAL_HOST", "127.0.0.1"),
              help="Address to listen on; '::' listens on IPv6 (and IPv4).")
@click.option("--port", default=lambda: int(os.environ.get("PORTAL_PORT", "8000")), type=int)
@click.option("--workers", default=lambda: int(os.environ.get("PORTAL_WORKERS", "2")), type=int)
@click.option("--watch/--no-watch", default=True,
              help="Publish content/ within seconds of every save (default), or never by itself.")
@click.option("--reuse-port", is_flag=True,
              help="Share the port with a server already running (a deliberate rolling restart).")
def serve(host, port, workers, watch, reuse_port):
    """Serve the site with the production server (Granian, WSGI)."""
    from granian import Granian  # Granian (0.1 s to import) only for the command that runs it
    from granian.constants import Interfaces

    from .serving import BLOCKING_THREADS, quiet_thread_warning, stop_once

    if not reuse_port:
        try:
            check_free(host, port)
        except PortInUse:
            raise click.ClickException(port_message(port)) from None
    # The address mail links fall back to without PORTAL_SITE_URL (portal.urls): this one.
    os.environ.update(PORTAL_HOST=host, PORTAL_PORT=str(port))
    make_app()  # fail here, with the reason, if the configuration cannot run; publish if new
    search.warm_up()  # jieba loaded once here; Granian's workers fork from this process
    watcher = None
    if watch:  # its own process: the server's workers fork from this one, so no thread here
        watcher = subprocess.Popen([sys.executable, "-m", "portal.cli", "publish", "--watch"],
                                   preexec_fn=as_background_publisher)
    click.echo(f"serving on http://{'[' + host + ']' if ':' in host else host}:{port}/")
    stop_once()  # each worker heeds its first SIGINT or SIGTERM, whichever thread gets it
    quiet_thread_warning()
    try:
        Granian("portal.wsgi:app", address=host, port=port, interface=Interfaces.WSGI,
                workers=workers, blocking_threads=BLOCKING_THREADS, log_access=False,
                # Workers leave by themselves within serving.WORKER_GRACE_S; this is for one that cannot.
                workers_kill_timeout=WORKERS_KILL_TIMEOUT_S).serve()
    finally:
        if watcher:
            watcher.terminate()
            watcher.wait(10)


def as_background_publisher():
    """In the watcher's process, before it starts: give way to the workers and to Ctrl-C.

    Publishing is batch work: at a lower priority it takes the CPU the workers leave, so pages
    are served at full speed during a publish. Ctrl-C reaches the whole terminal's process
    group; the watcher is stopped by ``portal serve`` instead (SIGTERM), between publishes.
    """
    os.nice(PUBLISHER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # Linux: a SIGTERM when `portal serve` dies, even by SIGKILL, so no watcher is orphaned
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # elsewhere the watcher outlives a killed server until it is stopped by hand


@main.group()
def translate():
    """Extract, update and compile the translation catalogs."""


def pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command()
def update():
    """Extract strings from code and templates, merge them into the catalogs, generate zh_Hant."""
    pot = "translations/messages.pot"
    pybabel("extract", "-F", "portal/babel.cfg", "-k", "_l", "--no-location", "-o", pot, ".")
    pybabel("update", "-i", pot, "-d", "translations", "--no-fuzzy-matching")
    catalogs = ROOT / "translations"
    fill_english(catalogs / "en" / "LC_MESSAGES" / "messages.po")
    rewrap(catalogs / "zh" / "LC_MESSAGES" / "messages.po", "zh")
    # 繁體中文: generated from the Chinese with the sample content's phrase list.
    fill_traditional(catalogs / "zh" / "LC_MESSAGES" / "messages.po",
                     catalogs / "zh_Hant" / "LC_MESSAGES" / "messages.po",
                     Converter(load_phrases(ROOT / "content")))


@translate.command(name="compile")
def compile_():
    """Compile catalogs into the instance folder (also done at start-up when stale)."""
    count = compile_catalogs(current_app.config["TRANSLATIONS_DIR"],
                             Path(current_app.instance_path) / "translations")
    click.echo(f"{count} catalog(s) compiled")

