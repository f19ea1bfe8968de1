"""The form's session cookie over HTTPS and over a deliberately plain-HTTP site: Secure as the
site's address says, and a cookie the browser refused is not reported as an expired form."""

from ..lead_helpers import Visitor, stored_leads

PRODUCTION = {"ENV": "production", "SECRET_KEY": "k" * 64, "SMTP_URL": "files"}
EXPIRED = "This form has expired"
REFUSED = "Your browser did not send this site&#39;s cookie"


class PlainHttpBrowser(Visitor):
    """A browser on ``http://example.test``: like Chrome and Firefox, it refuses a cookie
    marked Secure that arrives over plain HTTP."""

    def __init__(self, app):
        super().__init__(app, Host="example.test")

    def open(self, query=""):
        response = super().open(query)
        for header in response.headers.getlist("Set-Cookie"):
            name, _, attributes = header.partition("=")
            if "secure" in (a.strip().lower() for a in attributes.split(";")):
                self.client.delete_cookie(name, domain="example.test")
        return response


def session_cookie(response):
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("portal_session="))


def test_a_plain_http_site_takes_inquiries_with_a_cookie_not_secure(lead_app):
    app = lead_app(SITE_URL="http://example.test", **PRODUCTION)
    browser = PlainHttpBrowser(app)
    cookie = session_cookie(browser.open())
    assert "Secure" not in cookie
    response = browser.send()
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    assert len(stored_leads(app)) == 1


def test_an_https_site_marks_the_cookie_secure(lead_app):
    app = lead_app(SITE_URL="https://example.test/zsj", **PRODUCTION)
    response = Visitor(app).client.get("/en/inquiry/", base_url="https://example.test")
    assert "Secure" in session_cookie(response).split("; ")


def test_a_refused_cookie_is_not_called_an_expired_form(lead_app):
    """The https site reached over plain HTTP: the browser drops the Secure cookie."""
    app = lead_app(SITE_URL="https://example.test", **PRODUCTION)
    browser = PlainHttpBrowser(app)
    browser.open()
    response = browser.send()
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert REFUSED in text and "allow cookies for this site" in text
    assert EXPIRED not in text
    assert stored_leads(app) == []


def test_a_form_whose_token_no_longer_matches_says_it_expired(lead_app):
    app = lead_app()
    visitor = Visitor(app)
    visitor.open()
    response = visitor.send(csrf_token="from-a-session-long-gone")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert EXPIRED in text and REFUSED not in text
