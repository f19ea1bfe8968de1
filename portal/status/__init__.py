"""``/<lang>/status/<token>/``: the investor's private view of their inquiry's progress."""

from flask import Blueprint, abort, current_app, g

bp = Blueprint("status", __name__, url_prefix="/<lang>/status")


@bp.url_value_preprocessor
def pull_lang(endpoint, values):
    lang = values.pop("lang", None)
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


@bp.get("/<token>/")
def progress(token):
    abort(404)
