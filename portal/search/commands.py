"""``portal index``: build the search index from the content, with a progress bar."""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import build_index, index, index_folder


@click.command("index")
@click.option("--force", is_flag=True, help="Rebuild even if the index matches the content.")
@with_appcontext
def index_command(force):
    """Build the search index into a fresh folder and swap it in; running servers pick it up."""
    content = current_app.extensions["content"].current
    folder = index_folder(current_app)
    if not force and index.is_current(folder, content):
        meta = index.read_meta(folder)
        click.echo(f"search index up to date: {meta['documents']} documents "
                   f"({index.current_generation(folder)})")
        return
    total = sum(1 for _ in index.documents(content))
    with click.progressbar(length=total, label="search index") as bar:
        meta = build_index(content, folder, lambda n: bar.update(n))
    click.echo(f"{meta['documents']} documents indexed in {meta['seconds']} s, "
               f"{meta['lexicon']} words in the user dictionary ({meta['generation']})")
