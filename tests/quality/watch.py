"""Watch a browser page for what a visitor would suffer: errors, failed or foreign requests."""

from urllib.parse import urlsplit


class PageWatch:
    """Collects console errors, page errors, failed requests and requests to other hosts."""

    def __init__(self, page, base_url, allowed_statuses=(200, 301, 302, 303, 304)):
        self.page = page
        self.host = urlsplit(base_url).netloc
        self.allowed = allowed_statuses
        self.problems = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self.on_failed)
        page.on("request", self.on_request)
        page.on("response", self.on_response)

    def on_console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def on_failed(self, request):
        # ERR_ABORTED is the browser cancelling image loads when the visitor clicks away.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"failed: {request.url} {request.failure}")

    def on_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme not in {"data", "blob"} and parts.netloc != self.host:
            self.problems.append(f"request to another host: {request.url}")

    def on_response(self, response):
        if response.status not in self.allowed:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def horizontal_overflow(self):
        """Pixels the page is wider than the viewport (0 when it fits)."""
        return self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
