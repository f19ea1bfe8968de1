"""The WSGI application for production servers: ``portal.wsgi:app``."""

from . import create_app

app = create_app()
