from ..lead_helpers import app_cache, database_url, lead_app, mailbox, postgres_url, smtp  # noqa: F401
