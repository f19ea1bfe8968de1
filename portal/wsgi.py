"""The WSGI application for production servers: ``portal.wsgi:app``."""

from . import create_app, search

app = create_app()
search.warm_up()  # before a pre-forking server (gunicorn --preload) starts its workers
