"""The checks of ``portal doctor`` that go out to the site's public address (``PORTAL_SITE_URL``)
as a visitor would: through nginx, its certificate and its redirect. Each returns
``[(level, message)]``; nothing is sent but two GETs and a TLS handshake.

- ``forwarding``: the proxies really in front, counted from the ``X-Forwarded-*`` headers a
  request of ours carries when it reaches the portal (``/healthz/forwarded``), against
  ``PORTAL_PROXY_COUNT``. We send none ourselves, so whatever arrives was added on the way.
- ``tls``: the certificate verified as a browser would (the system's CAs, or ``SSL_CERT_FILE``)
  for the site's host name, its expiry, and plain ``http://`` redirected to the site.
"""

import http.client
import json
import socket
import ssl
import time
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from .proxies import FORWARDED

OK, WARNING, PROBLEM = "OK", "WARNING", "PROBLEM"
TIMEOUT_S = 5
RENEW_DAYS = 21  # Let's Encrypt renews at 30 days left; 21 leaves time to notice a failed renewal
REDIRECTS = {301, 302, 303, 307, 308}


def site(app):
    """The site URL's parts, or None when it is missing or unusable (``site_url`` says so)."""
    parts = urlsplit(app.config.get("SITE_URL") or "")
    return parts if parts.scheme in ("http", "https") and parts.hostname else None


def ask(url):
    """The JSON a GET of ``url`` answers, with no proxy of the environment in between. The
    certificate is not verified here: that is ``tls``'s line, not this check's."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPSHandler(context=context))
    with opener.open(url, timeout=TIMEOUT_S) as response:
        return json.loads(response.read())


def forwarding(app):
    parts = site(app)
    if parts is None:
        return []
    url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/healthz/forwarded"
    try:
        seen = ask(url)
    except (OSError, ValueError) as error:
        return [(PROBLEM, f"无法通过站点地址访问门户 / {url} does not answer the portal from this server "
                          f"({error}): is nginx running, and does PORTAL_SITE_URL name it?")]
    count, hops = int(app.config.get("PROXY_COUNT") or 0), seen["X-Forwarded-For"]
    prefix = parts.path.rstrip("/")
    arrived = [name for name in FORWARDED if seen[name]]
    if not count and arrived:
        return [(PROBLEM, f"请求经过代理，但 PORTAL_PROXY_COUNT 为 0 / requests arrive through a proxy "
                          f"({', '.join(arrived)}) but PORTAL_PROXY_COUNT is 0: every visitor's address "
                          f"is the proxy's and links lose the prefix; set PORTAL_PROXY_COUNT={max(hops, 1)}")]
    if not count:
        if prefix:
            return [(WARNING, f"路径前缀 {prefix}/ 但无代理 / PORTAL_SITE_URL has the path prefix {prefix}/ "
                              "but requests arrive without a proxy: links lose the prefix; serve the portal "
                              "behind nginx with PORTAL_PROXY_COUNT=1")]
        return [(OK, "代理 / no proxy in front, as PORTAL_PROXY_COUNT=0 says")]
    found = []
    if hops < count:
        found.append((PROBLEM, f"代理数不符，客户端可伪造地址 / PORTAL_PROXY_COUNT={count} but requests "
                               f"arrive with {hops} X-Forwarded-For address(es): a client can forge its "
                               "address (rate limits, the staff network allow-list); have the proxy send "
                               "`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`, or set "
                               f"PORTAL_PROXY_COUNT={hops}"))
    elif hops > count:
        found.append((PROBLEM, f"代理数不符 / requests pass {hops} proxies but PORTAL_PROXY_COUNT={count}: "
                               f"the address recorded is a proxy's; set PORTAL_PROXY_COUNT={hops}"))
    if not seen["X-Forwarded-Proto"]:
        found.append((PROBLEM, "代理未发送 X-Forwarded-Proto / no X-Forwarded-Proto arrives: the portal "
                               "cannot tell https from http; have the proxy send `proxy_set_header "
                               "X-Forwarded-Proto $scheme`"))
    if prefix and seen["prefix"] != prefix:
        found.append((WARNING, f"代理未发送路径前缀 / PORTAL_SITE_URL has the path prefix {prefix}/ but "
                               f"requests arrive without X-Forwarded-Prefix {prefix}: links follow the site "
                               f"URL, but the proxy is not set up as shipped; have it send `proxy_set_header "
                               f"X-Forwarded-Prefix {prefix}`"))
    return found or [(OK, f"代理 / {hops} proxy in front, as PORTAL_PROXY_COUNT={count} says")]


def tls(app):
    parts = site(app)
    if parts is None:
        return []
    if parts.scheme != "https":
        return [(OK, "站点使用 HTTP，无证书可查 / the site is plain HTTP: no certificate to check")]
    host, port = parts.hostname, parts.port or 443
    context = ssl.create_default_context()  # the system's CAs, or the file SSL_CERT_FILE names
    try:
        with (socket.create_connection((host, port), timeout=TIMEOUT_S) as raw,
              context.wrap_socket(raw, server_hostname=host) as connection):
            certificate = connection.getpeercert()
    except ssl.SSLCertVerificationError as error:
        return [(PROBLEM, f"证书无效 / the certificate at {host}:{port} is refused: {error.verify_message}; "
                          "browsers will refuse the site too")]
    except OSError as error:
        return [(PROBLEM, f"无法建立 TLS 连接 / no TLS at {host}:{port} ({error}): is nginx running?")]
    expires = ssl.cert_time_to_seconds(certificate["notAfter"])
    day = datetime.fromtimestamp(expires, UTC).date().isoformat()
    days = int((expires - time.time()) // 86400)
    if days < RENEW_DAYS:
        found = [(WARNING, f"证书即将过期 / the certificate of {host} expires on {day} (in {days} days): "
                           "renew it (certbot renew) and reload nginx")]
    else:
        found = [(OK, f"证书 / the certificate of {host} is trusted, valid until {day}")]
    return found + redirect(app, parts)


def redirect(app, parts):
    """Plain ``http://`` on port 80 (``PORTAL_DOCTOR_HTTP_PORT``) must redirect to the site."""
    port = int(app.config.get("DOCTOR_HTTP_PORT") or 80)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port == 80 else f"{host}:{port}"
    path = parts.path or "/"
    url, site_url = f"http://{netloc}{path}", f"https://{parts.netloc}{path}"
    connection = http.client.HTTPConnection(parts.hostname, port, timeout=TIMEOUT_S)
    try:
        connection.request("GET", path, headers={"Host": netloc})
        response = connection.getresponse()
        status, location = response.status, response.getheader("Location") or ""
    except OSError as error:
        return [(PROBLEM, f"HTTP 无响应 / {url} does not answer ({error}): a visitor who types the address "
                          f"gets no page; have nginx redirect port {port} to {site_url}")]
    finally:
        connection.close()
    if status in REDIRECTS and urljoin(url, location).startswith(site_url):
        return [(OK, f"HTTP 跳转 / {url} redirects to {site_url}")]
    return [(PROBLEM, f"HTTP 未跳转到 HTTPS / {url} answers {status} {location}, not a redirect to "
                      f"{site_url}: have nginx redirect port {port} to the https site")]
