"""Mail for leads through an outbox: messages are rows written with the lead, delivered later
by ``portal outbox send`` (see ``sender`` for the delivery guarantees)."""

from .cli import outbox_cli
from .compose import queue_messages, queue_status_link  # noqa: F401  (the API the inquiry and staff use)
from .sender import send_due  # noqa: F401
from .transport import FileTransport, transport_for


def init_app(app):
    transport = transport_for(app.config, app.instance_path)  # refuse a wrong PORTAL_SMTP_URL now
    app.config["MAIL_TO_FILES"] = isinstance(transport, FileTransport)  # the staff pages say so
    app.cli.add_command(outbox_cli)
