"""Configuration: embedded defaults, overridden by ``PORTAL_*`` environment variables (which
every ``portal`` command first fills from the settings file, see ``apply_settings_file``)."""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = Path("/etc/portal/portal.env")  # read when PORTAL_ENV_FILE names no other
SETTING_LINE = re.compile(r"(?:export\s+)?(PORTAL_[A-Z0-9_]+)\s*=\s*(.*)")
MIN_SECRET_KEY_LENGTH = 32
MAIL_TO_FILES = "files"  # PORTAL_SMTP_URL=files: no mail server, chosen on purpose

DEFAULTS = {
    "ENV": "development",
    "CONTENT_DIR": str(ROOT / "content"),
    "STATIC_DIR": str(ROOT / "static"),
    "TRANSLATIONS_DIR": str(ROOT / "translations"),
    "SITE_URL": "",
    "DATABASE_URL": "",
    # The most PostgreSQL connections one process opens at once (up to 5 of them kept open between
    # uses; more requests wait for one). 0: none kept, and no limit.
    "DATABASE_POOL_SIZE": 15,
    "SMTP_URL": "",
    "LANGUAGES": ("zh", "zh-hant", "en"),
    "DEFAULT_LANGUAGE": "zh",
    "PAGE_SIZE": 12,
    "PAGE_CACHE_SIZE": 2048,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_QUERY_LENGTH": 2048,
    "PROXY_COUNT": 0,
    "HSTS_SUBDOMAINS": False,  # HSTS for every subdomain too: only if they all serve HTTPS
    "PREVIEW": False,  # the staff preview: the working copy, with its problems on every page
    "PUBLISH_MISSING": True,  # publish on start-up when the instance folder has no generation
    # Inquiries and their mail (issue 5). DATABASE_URL "" = SQLite file in the instance folder;
    # SMTP_URL "" = .eml files in instance/mail/; RATELIMIT_STORAGE_URI "" = the database.
    "MAIL_FROM": "",
    "BUREAU_INBOX": "",
    "SMTP_TIMEOUT": 30,
    "OUTBOX_MAX_ATTEMPTS": 30,  # at most an hour apart: about a day of trying
    "OUTBOX_RETRY_SECONDS": 60,
    "OUTBOX_LEASE_SECONDS": 300,
    "OUTBOX_POLL_SECONDS": 5,
    "RATELIMIT_STORAGE_URI": "",
    "INQUIRY_LIMIT_PER_ADDRESS": "10 per hour",
    "INQUIRY_LIMIT_PER_CONTACT": "5 per day",
    "INQUIRY_MIN_FILL_SECONDS": 3,
    "INQUIRY_MAX_BODY": 64 * 1024,
    "LEAD_REFERENCE_PREFIX": "QL",
    "REPLY_WORKING_DAYS": 2,  # the reply promise, in Chinese working days
    # The back office (issue 11): 等保 2.0 level-2 controls, each figure configurable.
    "STAFF_PASSWORD_MIN_LENGTH": 12,
    "STAFF_PASSWORD_CLASSES": 3,
    "STAFF_MAX_FAILURES": 5,  # wrong passwords in a row before the account is locked
    "STAFF_LOCK_MINUTES": 10,
    "STAFF_LOGIN_LIMIT": 20,  # failed logins per source network (IPv6: /64) per lock period
    "STAFF_IDLE_MINUTES": 15,
    "STAFF_SESSION_HOURS": 12,
    "STAFF_ALLOW_NETWORKS": "",  # e.g. "10.0.0.0/8,2001:db8::/32"; "" = any network
    "AUDIT_RETENTION_DAYS": 365,  # never less than 180
    "LEAD_RETENTION_MONTHS": 36,  # personal data of closed leads removed after this; 0 = kept
}


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run the site safely."""


def from_environment(environ=os.environ):
    """Return the ``PORTAL_*`` variables as config keys (prefix stripped)."""
    values = {}
    for name, raw in environ.items():
        if not name.startswith("PORTAL_"):
            continue
        key = name.removeprefix("PORTAL_")
        default = DEFAULTS.get(key)
        if key == "TRUSTED_HOSTS":  # Flask's: any other Host (or X-Forwarded-Host) answers 400
            values[key] = [host.strip() for host in raw.split(",") if host.strip()] or None
        elif isinstance(default, bool):
            values[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(default, int):
            values[key] = whole_number(name, raw)
        else:
            values[key] = raw
    return values


def whole_number(name, raw):
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def settings_file(environ=os.environ):
    """The settings file to read: ``PORTAL_ENV_FILE``, else ``/etc/portal/portal.env`` if it
    exists, else None."""
    if named := environ.get("PORTAL_ENV_FILE"):
        return Path(named)
    return SETTINGS_FILE if SETTINGS_FILE.is_file() else None


def read_settings_file(path):
    """Return the ``PORTAL_X=value`` lines of ``path`` as a dict. Blank lines and ``#`` comments
    are skipped; one pair of surrounding quotes is removed; nothing is expanded (``$`` is a
    character like any other, as in systemd's ``EnvironmentFile=``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"settings file {path} cannot be read: {error}") from None
    values = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = SETTING_LINE.fullmatch(line)
        if not match:
            raise ConfigError(f"{path}, line {number}: expected PORTAL_NAME=value, not {line[:60]!r}")
        name, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def apply_settings_file(environ=os.environ):
    """Fill ``environ`` from the settings file; variables already set win. Returns the file read
    (or None), so that cron, systemd and a shell all run with the same settings."""
    path = settings_file(environ)
    if path is not None:
        for name, value in read_settings_file(path).items():
            environ.setdefault(name, value)
    return path


def check_settings(config):
    """Refuse settings that would run the site wrongly, whatever the environment."""
    site_url = config.get("SITE_URL") or ""
    parts = urlsplit(site_url)
    if site_url and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise ConfigError("PORTAL_SITE_URL must be a full address such as "
                          f"https://invest.example.gov.cn/zsj/, not {site_url!r}")


def check_production_secrets(config):
    """In production: a secret key long enough, and mail that reaches someone (or files, on purpose)."""
    key = config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(f"PORTAL_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters "
                          f"(e.g. from `openssl rand -hex 32`), not {len(key)}")
    if not config.get("SMTP_URL"):
        raise ConfigError("production needs PORTAL_SMTP_URL (smtp://host or smtps://host), or "
                          f"PORTAL_SMTP_URL={MAIL_TO_FILES} to keep mail in files that nobody receives")


def load_secret_key(instance_path):
    """Return the secret key kept in the instance folder, creating it once.

    All workers read the same file, so sessions and signed values agree across them.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a name of its own, then linked into place: a process starting at
        # the same moment finds either no key or the whole key, never an empty file.
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; its key is the one
        finally:
            tmp.unlink()
    return path.read_text().strip()


def secure_cookies(config):
    """Whether cookies are marked Secure: yes when the site's address is https (production's
    default), no when the site is deliberately served over plain HTTP, where a browser would
    never send a Secure cookie back and every form would seem expired. Without an address:
    yes in production only."""
    scheme = urlsplit(config.get("SITE_URL") or "").scheme
    return scheme == "https" if scheme else config["ENV"] == "production"


def check_production(config):
    """Refuse to run in production without the settings that cannot be guessed."""
    check_settings(config)
    if config["ENV"] != "production":
        return
    missing = [k for k in ("SITE_URL", "SECRET_KEY") if not config.get(k)]
    if missing:
        names = ", ".join("PORTAL_" + k for k in missing)
        raise ConfigError(f"production needs {names}; set them in the settings file "
                          f"({SETTINGS_FILE} or PORTAL_ENV_FILE)")
    check_production_secrets(config)
