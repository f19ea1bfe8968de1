from ..lead_helpers import app_cache, database_url, lead_app, postgres_url  # noqa: F401
from ..staff.helpers import staff_app  # noqa: F401
from .people import newsroom  # noqa: F401
