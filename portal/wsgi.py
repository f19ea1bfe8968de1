"""The WSGI application for production servers: ``portal.wsgi:app``."""

from . import bodies, create_app, search

app = create_app()
bodies.init_app(app)  # a body that trickles in holds no worker: read it within a deadline, else 408
search.warm_up()  # before a pre-forking server (gunicorn --preload) starts its workers
