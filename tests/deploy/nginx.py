"""nginx with the shipped configuration (``deploy/nginx/``), run as the current user in a folder
of its own, in front of a ``portal serve`` already listening on a loopback port.

The folder is laid out as Debian's ``/etc/nginx`` (``conf.d/``, ``snippets/``, ``sites-enabled/``,
and a stand-in for Debian's ``nginx.conf``), and the shipped files are copied in as their first lines
say. The only changes are the few an IT person makes (host name, certificate paths, ports) and
those a process without root needs (log folder, loopback addresses): ``changes()`` lists
each one, and each must match as often as it says, so the file tested is the file shipped.

    site = Site(folder, "prefix", upstream=8123, source=release / "deploy" / "nginx")
    site.base               # https://localhost:<port>/zsj: PORTAL_SITE_URL, known before it runs
    with site.running():
        site.context        # an ssl.SSLContext that trusts the self-signed certificate
        site.cert           # that certificate (SSL_CERT_FILE for portal doctor)
        site.access_log     # the portal's access log
"""

import os
import signal
import socket
import ssl
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..lead_helpers import free_port
from ..quality.components import require

NGINX = Path("/usr/sbin/nginx")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
PREFIX = "/zsj"
HOST = "localhost"

# Stands in for Debian's /etc/nginx/nginx.conf, with what matters kept: its http-level access
# log, gzip and TLS protocols (which the portal's files must override), and its two includes.
MAIN = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {logs}/error.log info;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {logs}/access.log;
    gzip on;
    include conf.d/*.conf;
    include sites-enabled/*;
}}
"""

# The county's existing site, into which portal-prefix.conf is included: its own redirect from
# plain HTTP, its own pages, and a regex location for its own static files of the kind that
# would take the portal's.
COUNTY = """\
server {{
    listen 127.0.0.1:{http};
    return 301 https://$host:{https}$request_uri;
}}
server {{
    listen 127.0.0.1:{https} ssl;
    server_name {host};
    ssl_certificate {cert};
    ssl_certificate_key {key};
    location / {{ return 200 "county portal\\n"; }}
    location ~* \\.(css|js|png|jpg|svg)$ {{ return 404; }}
    include snippets/portal-prefix.conf;
}}
"""


def changes(ports, cert, key, logs, ipv6):
    """``{file: [(shipped text, text here, times)]}``: what the IT person (and a process without
    root) changes in each shipped file."""
    listen6 = (lambda port: f"listen [::1]:{port}") if ipv6 else (lambda port: f"# listen [::1]:{port}")
    return {
        "portal-http.conf": [("server 127.0.0.1:8000;", f"server 127.0.0.1:{ports['upstream']};", 1)],
        "portal-proxy.conf": [],
        "portal-prefix.conf": [("/var/log/nginx/", f"{logs}/", 1)],
        "portal.conf": [
            ("server_name www.example.gov.cn;", f"server_name {HOST};", 2),
            ("listen 80;", f"listen 127.0.0.1:{ports['http']};", 1),
            ("listen [::]:80;", listen6(ports["http"]) + ";", 1),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", 1),
            ("listen [::]:443 ssl http2;", listen6(ports["https"]) + " ssl http2;", 1),
            ('set $portal_https_port "";', f'set $portal_https_port ":{ports["https"]}";', 1),
            ("/etc/ssl/certs/portal-fullchain.pem", str(cert), 1),
            ("/etc/ssl/private/portal.key", str(key), 1),
            ("/var/log/nginx/", f"{logs}/", 1),
        ],
    }


def changed(text, name, edits):
    for old, new, times in edits:
        assert text.count(old) == times, f"{name}: {old!r} {text.count(old)} times, not {times}"
        text = text.replace(old, new)
    return text


def certificate(folder, host=HOST):
    """A self-signed certificate for ``host`` and 127.0.0.1: ``(certificate, key)`` paths."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "90", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def has_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@dataclass
class Site:
    """An installed nginx configuration (not yet running): ``variant`` is ``root`` (portal.conf)
    or ``prefix`` (portal-prefix.conf in the county's server block)."""

    folder: Path
    variant: str
    upstream: int
    source: Path = DEPLOY
    ports: dict = field(default_factory=dict)
    process: subprocess.Popen = None

    def __post_init__(self):
        self.folder = Path(self.folder)
        self.conf, self.logs, self.run = self.folder / "conf", self.folder / "logs", self.folder / "run"
        self.ports = {"upstream": self.upstream, "http": free_port(), "https": free_port()}
        self.access_log = self.logs / "portal.access.log"
        self.error_log = self.logs / "error.log"

    @property
    def base(self):
        return f"https://{HOST}:{self.ports['https']}" + (PREFIX if self.variant == "prefix" else "")

    @property
    def http_base(self):
        return f"http://{HOST}:{self.ports['http']}"

    def install(self):
        """Lay out conf/ as /etc/nginx, the shipped files copied in with ``changes`` applied."""
        for folder in (self.conf / "conf.d", self.conf / "snippets", self.conf / "sites-enabled",
                       self.logs, self.run):
            folder.mkdir(parents=True, exist_ok=True)
        self.cert, self.key = certificate(self.folder)
        edits = changes(self.ports, self.cert, self.key, self.logs, has_ipv6_loopback())
        places = {"portal-http.conf": "conf.d", "portal-proxy.conf": "snippets",
                  "portal-prefix.conf": "snippets", "portal.conf": "sites-enabled"}
        for name, place in places.items():
            text = (self.source / name).read_text(encoding="utf-8")
            (self.conf / place / name).write_text(changed(text, name, edits[name]), encoding="utf-8")
        (self.conf / "ffdhe2048.pem").write_bytes((self.source / "ffdhe2048.pem").read_bytes())
        (self.conf / "nginx.conf").write_text(MAIN.format(run=self.run, logs=self.logs), encoding="utf-8")
        if self.variant == "prefix":
            (self.conf / "sites-enabled" / "portal.conf").unlink()
            county = COUNTY.format(http=self.ports["http"], https=self.ports["https"], host=HOST,
                                   cert=self.cert, key=self.key)
            (self.conf / "sites-enabled" / "county.conf").write_text(county, encoding="utf-8")
        return self

    def command(self, *args):
        return [str(NGINX), "-p", f"{self.folder}/", "-c", str(self.conf / "nginx.conf"),
                "-e", str(self.error_log), *args]

    def check(self):
        """``nginx -t`` on the installed configuration: the CompletedProcess."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=60)

    def start(self):
        self.process = subprocess.Popen(self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while not (listening(self.ports["http"]) and listening(self.ports["https"])):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"nginx did not start:\n{self.errors()}")
            time.sleep(0.1)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # nginx's fast shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    @contextmanager
    def running(self):
        """Installed, started, and stopped on the way out whatever happens."""
        self.install()
        try:
            yield self.start()
        finally:
            self.stop()

    def errors(self):
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    @property
    def context(self):
        """A client TLS context that trusts this site's certificate (and checks the host name)."""
        return ssl.create_default_context(cafile=str(self.cert))


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def require_nginx():
    require(NGINX.exists(), f"nginx not installed at {NGINX} (apt-get install nginx-light)")


@contextmanager
def running(folder, variant, upstream, source=DEPLOY):
    """nginx serving the shipped ``variant`` from ``source`` in front of 127.0.0.1:``upstream``.
    (To know its address before it starts, e.g. for PORTAL_SITE_URL: ``site = Site(...)``,
    ``site.base``, then ``with site.running():``.)"""
    with Site(folder, variant, upstream, source).running() as site:
        yield site
