"""A stand-in for nginx in front of the portal, for ``portal doctor``'s tests: a real TLS server on a
loopback port with a certificate made for the test, forwarding to the portal with the headers a
proxy adds, and a plain-HTTP server that redirects to it. Each behaviour a deployment can get
wrong is one attribute to turn off (or a certificate to swap) for one test.

Certificates come from ``openssl`` (a CA the test trusts through ``SSL_CERT_FILE``, one it does
not, and leaves for ``localhost`` valid, expiring soon, or already expired)."""

import http.client
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from .quality.components import require

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "date", "server"}
LEAVES = {"good": 90, "soon": 10, "expired": -1}  # days of validity from now


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def certificates(folder):
    """``{name: path}``: ``ca`` and ``other-ca`` (PEM), ``key``, and a leaf per LEAVES for localhost."""
    require(shutil.which("openssl"), "openssl not installed (apt-get install openssl)")
    folder = Path(folder)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", *ec, "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-days", "30",
                "-subj", f"/CN=Portal test {ca}", cwd=folder)
    openssl("req", "-new", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost",
            cwd=folder)
    (folder / "leaf.ext").write_text("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                     "extendedKeyUsage=serverAuth\n")
    for name, days in LEAVES.items():
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", str(days), "-extfile", "leaf.ext", "-out", f"{name}.pem", cwd=folder)
    made = {name: folder / f"{name}.pem" for name in ("ca", "other-ca", *LEAVES)}
    return made | {"key": folder / "leaf.key"}


class Forward(BaseHTTPRequestHandler):
    """The TLS side: strip the prefix, add the forwarded headers, pass the request to the portal."""

    def do_GET(self):  # noqa: N802
        door = self.server.door
        path = self.path
        if door.prefix:
            if not path.startswith(door.prefix + "/"):
                self.send_error(404)
                return
            path = path[len(door.prefix):]
        headers = {"Host": self.headers["Host"]}
        if door.forwards:  # as nginx's proxy_set_header lines do
            headers |= {"X-Forwarded-For": self.client_address[0], "X-Forwarded-Proto": "https",
                        "X-Forwarded-Host": self.headers["Host"]}
            if door.prefix and door.sends_prefix:
                headers["X-Forwarded-Prefix"] = door.prefix
        backend = urlsplit(door.backend)
        connection = http.client.HTTPConnection(backend.hostname, backend.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Redirect(BaseHTTPRequestHandler):
    """The plain-HTTP side: a redirect to the TLS side, keeping host, port and path (or a page)."""

    def do_GET(self):  # noqa: N802
        door = self.server.door
        if door.redirects:
            self.send_response(301)
            self.send_header("Location", f"https://localhost:{door.port}{self.path}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class FrontDoor:
    """Start with ``with FrontDoor(backend, certificates) as door``; ``door.port`` is TLS,
    ``door.http_port`` plain HTTP. ``reset()`` puts back a well set-up proxy."""

    def __init__(self, backend, certs):
        self.backend, self.certs = backend, certs
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.reset()
        self.servers = []

    def reset(self):
        self.prefix, self.forwards, self.sends_prefix, self.redirects = "", True, True, True
        self.use("good")

    def use(self, leaf):
        """Serve the leaf certificate ``leaf`` (good, soon, expired) from the next handshake on."""
        self.context.load_cert_chain(self.certs[leaf], self.certs["key"])

    def site_url(self, host="localhost"):
        return f"https://{host}:{self.port}{self.prefix}/"

    def __enter__(self):
        tls = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        tls.socket = self.context.wrap_socket(tls.socket, server_side=True)
        plain = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
        self.port, self.http_port = tls.server_port, plain.server_port
        for server in (tls, plain):
            server.door, server.daemon_threads = self, True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        return self

    def __exit__(self, *exc):
        for server in self.servers:
            server.shutdown()
            server.server_close()
