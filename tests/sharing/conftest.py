from ..lead_helpers import app_cache, lead_app  # noqa: F401  (a status page needs a lead)
