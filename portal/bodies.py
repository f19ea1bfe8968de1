"""Request bodies arrive whole, within a deadline, before the app sees them.

Granian calls a WSGI application as soon as a request's headers are in, and ``wsgi.input`` then
waits, in the worker's thread, for each byte of the body. A client that sends a POST's headers and
then its body one byte a second, or nothing, would hold that thread for as long as it likes; a few
such clients held every thread, and no page was served. ``BodyDeadline`` reads each body in a
thread of its own and lets the request go on only once the body is whole: a body still incomplete
after ``seconds`` is answered 408, without waiting longer. A reader left behind stays blocked
until its client finishes or hangs up (nothing can interrupt it), so their number is bounded:
beyond ``readers`` at once (after a wait of ``READER_WAIT_S`` for one to free), a request with a
body is answered 503, without reading it.
Pages (requests without a body) pass straight through. Behind nginx, which buffers whole bodies
before it passes them on, none of this ever triggers.
"""

import io
import logging
import re
import threading

from flask import abort, request

log = logging.getLogger(__name__)
REFUSED = "portal.body_refused"  # environ entry: the status a request's body was refused with
DEADLINE_S = 10  # a real form arrives in well under a second; a slow phone, a few
READERS = 12  # bodies read at once per worker process, slow ones included; more are refused (503)
# A body arriving at full speed frees its reader within milliseconds: a request that finds every
# reader busy waits this long for one before it is refused, so a burst of real inquiries (50 at
# once across 3 workers, on a loaded machine) is read, not refused.
READER_WAIT_S = 0.05
# The staff editor's uploads (photos, attachments, units tables) take larger bodies; their views
# say their own limits (the app refuses more), this is the most any of them reads.
UPLOADS = re.compile(r"^/staff/content/[^/]+/[^/]+/(files|units/import)$")
UPLOAD_LIMIT = 32 * 1024 * 1024


class BodyDeadline:
    """WSGI middleware: read each request body whole within ``seconds``, else refuse it.

    Bodies declared larger than ``limit`` are not read: the app refuses them (413) unread.
    """

    def __init__(self, app, limit, seconds=DEADLINE_S, readers=READERS, uploads=None, upload_limit=0):
        self.app, self.limit, self.seconds = app, limit, seconds
        self.uploads, self.upload_limit = uploads, upload_limit  # paths that take files, their limit
        self.readers, self.most = threading.BoundedSemaphore(readers), readers

    def __call__(self, environ, start_response):
        declared = environ.get("CONTENT_LENGTH")
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not (declared and declared != "0") and not chunked:
            return self.app(environ, start_response)
        limit = self.limit
        if self.uploads is not None and self.uploads.match(environ.get("PATH_INFO", "")):
            limit = self.upload_limit
        try:
            length = int(declared) if declared else limit + 1  # chunked: up to one past the limit
        except ValueError:
            length = 0
        if length <= 0 or length > limit + (1 if chunked else 0):
            return self.app(environ, start_response)  # nothing to read, or refused unread (413)
        body = self.read(environ["wsgi.input"], length)
        if isinstance(body, int):
            environ[REFUSED] = body
            body = b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)

    def read(self, stream, length):
        """The body's bytes, or the status to refuse it with: 408 (too slow), 503 (too many slow)."""
        if not self.readers.acquire(timeout=READER_WAIT_S):
            log.warning("request body refused (503): %d bodies still arriving slowly", self.most)
            return 503
        box, done = [], threading.Event()

        def reader():
            try:
                box.append(stream.read(length))
            finally:
                done.set()
                self.readers.release()

        threading.Thread(target=reader, name="body-reader", daemon=True).start()
        if not done.wait(self.seconds):
            return 408
        return box[0] if box else 408


def refuse_late_bodies():
    """Answer a refused body with the site's error page, in the visitor's language."""
    status = request.environ.get(REFUSED)
    if status:
        abort(status)


def init_app(app):
    """Put ``BodyDeadline`` in front of everything (the production server's app only);
    ``PORTAL_BODY_DEADLINE_SECONDS`` sets its deadline."""
    app.before_request(refuse_late_bodies)
    seconds = float(app.config.get("BODY_DEADLINE_SECONDS", DEADLINE_S))
    app.wsgi_app = BodyDeadline(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"], seconds,
                                uploads=UPLOADS, upload_limit=UPLOAD_LIMIT)
