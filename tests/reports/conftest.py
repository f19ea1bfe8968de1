from ..lead_helpers import app_cache, database_url, lead_app, postgres_url  # noqa: F401
