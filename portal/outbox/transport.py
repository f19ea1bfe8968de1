"""Where mail goes: an SMTP server (``PORTAL_SMTP_URL``) or, by default, ``.eml`` files.

``smtp://[user:password@]host[:port][?starttls=1]`` sends in plain SMTP (with STARTTLS when
asked), ``smtps://…`` over TLS from the first byte, ``file:///folder`` writes one file per
message. The default (no URL) writes to ``<instance>/mail/``, so ``make run`` needs no server;
production refuses that default, and takes ``files`` to mean it on purpose.

Each transport says what a delivered message is: ``sent`` only when an SMTP server accepted it,
``written`` when it went to a file that nobody receives.
"""

import os
import re
import smtplib
import ssl
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..config import MAIL_TO_FILES, ConfigError


class PermanentError(Exception):
    """The server refused this message for good (5xx): retrying cannot help."""


class FileTransport:
    """One ``<Message-ID>.eml`` per message, written atomically.

    Sending the same message again replaces its file: exactly once, even after a crash.
    """

    delivered = "written"

    def __init__(self, folder):
        self.folder = Path(folder)

    def __enter__(self):
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # investors' names and numbers
        return self

    def __exit__(self, *exc):
        return False

    def path_for(self, message):
        name = re.sub(r"[^A-Za-z0-9._@-]", "_", message["Message-ID"].strip("<>"))
        return self.folder / f"{name}.eml"

    def send(self, message):
        path = self.path_for(message)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(message.as_bytes())
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)


class SmtpTransport:
    """One connection for a batch of messages, opened at the first send."""

    delivered = "sent"

    def __init__(self, url, timeout):
        parts = urlsplit(url)
        self.tls = parts.scheme == "smtps"
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = timeout
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def connect(self):
        context = ssl.create_default_context()
        if self.tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message):
        """Deliver ``message``; PermanentError for a 5xx refusal, other errors are transient."""
        if self.connection is None:
            self.connection = self.connect()
        try:
            self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentError(f"recipient refused: {error.recipients}") from error
            raise
        except smtplib.SMTPDataError as error:
            if 500 <= error.smtp_code < 600:
                raise PermanentError(f"message refused: {error.smtp_code} {error.smtp_error!r}") from error
            raise

    def close(self):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def reset(self):
        """Forget a connection that failed; the next send opens a new one."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def transport_for(config, instance_path):
    url = config.get("SMTP_URL") or ""
    if url in ("", MAIL_TO_FILES):
        return FileTransport(Path(instance_path) / "mail")
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return FileTransport(unquote(urlsplit(url).path))
    if scheme in ("smtp", "smtps"):
        return SmtpTransport(url, config["SMTP_TIMEOUT"])
    raise ConfigError(f"PORTAL_SMTP_URL must start with smtp://, smtps:// or file://, or be "
                      f"{MAIL_TO_FILES}, not {url!r}")
