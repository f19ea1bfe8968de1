"""The ``portal`` command: check content, prepare derived data, serve."""

import os
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from .config import ROOT
from .content.store import load_content
from .db.cli import upgrade as db_upgrade
from .search.commands import index_command


def make_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=make_app, add_default_commands=False)
def main():
    """Invest Portal: manage and serve the site."""


@main.command(with_appcontext=False)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def check(folder):
    """Validate all content; list every problem with file, line and field."""
    folder = folder or Path(os.environ.get("PORTAL_CONTENT_DIR", ROOT / "content"))
    if not folder.is_dir():
        raise click.UsageError(f"no content folder at {folder}")
    import logging

    logging.getLogger("portal.content.store").setLevel(logging.ERROR)
    content, problems = load_content(folder)
    for problem in problems:
        click.echo(str(problem))
    items = len(content.bundles)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {folder}; 发现 {len(problems)} 个问题", err=True)
        sys.exit(1)
    units = sum(len(b.items["zh"].units) for (s, _), b in content.bundles.items() if s == "parks")
    click.echo(f"OK: {items} items and {units} factory units in {folder}, no problems; 内容检查通过")


@main.command()
def images():
    """Build resized copies of every photo into the instance folder."""
    from .media import build_images

    content = current_app.extensions["content"].current
    photos = [n for b in content.bundles.values() for n in b.files]
    with click.progressbar(length=len(photos), label="images") as bar:
        written = build_images(content, current_app.instance_path, lambda _: bar.update(1))
    click.echo(f"{written} resized image(s) written")


@main.command()
@click.pass_context
def prepare(ctx):
    """Build everything derived from the content (translations are compiled at start-up)."""
    ctx.invoke(db_upgrade)
    ctx.invoke(images)
    ctx.invoke(index_command)


main.add_command(index_command)


@main.command(with_appcontext=False)
@click.option("--host", default=lambda: os.environ.get("PORTAL_HOST", "127.0.0.1"),
              help="Address to listen on; '::' listens on IPv6 (and IPv4).")
@click.option("--port", default=lambda: int(os.environ.get("PORTAL_PORT", "8000")), type=int)
@click.option("--workers", default=lambda: int(os.environ.get("PORTAL_WORKERS", "2")), type=int)
def serve(host, port, workers):
    """Serve the site with the production server (Granian, WSGI)."""
    from granian import Granian
    from granian.constants import Interfaces

    from . import search

    make_app()  # fail here, with the reason, if the configuration cannot run
    search.warm_up()  # jieba loaded once here; Granian's workers fork from this process
    click.echo(f"serving on http://{'[' + host + ']' if ':' in host else host}:{port}/")
    Granian("portal.wsgi:app", address=host, port=port, interface=Interfaces.WSGI,
            workers=workers, blocking_threads=1, log_access=False).serve()


@main.command(with_appcontext=False)
@click.option("--port", default=5000, type=int)
def preview(port):
    """For staff: a development server that reloads edits and shows content problems on pages."""
    os.environ["PORTAL_CONTENT_RELOAD"] = "1"
    from . import create_app

    create_app().run(host="127.0.0.1", port=port, debug=False, use_reloader=False)


@main.group()
def translate():
    """Extract, update and compile the translation catalogs."""


def pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command()
def update():
    """Extract strings from code and templates and merge them into both catalogs."""
    pot = "translations/messages.pot"
    pybabel("extract", "-F", "portal/babel.cfg", "-k", "_l", "--no-location", "-o", pot, ".")
    pybabel("update", "-i", pot, "-d", "translations", "--no-fuzzy-matching")
    from .i18n import fill_english

    fill_english(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


@translate.command(name="compile")
def compile_():
    """Compile catalogs into the instance folder (also done at start-up when stale)."""
    from .i18n import compile_catalogs

    count = compile_catalogs(current_app.config["TRANSLATIONS_DIR"],
                             Path(current_app.instance_path) / "translations")
    click.echo(f"{count} catalog(s) compiled")


if __name__ == "__main__":
    main()
