"""``portal partners link`` as IT runs it on the server: a real process that prints a private
credit link, which then opens the partner's page of credit; a desk that is no partner is refused."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..conftest import SAMPLE_CONTENT

PORTAL = str(Path(sys.executable).with_name("portal"))


def portal(app, *args, **settings):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_INSTANCE_DIR=app.instance_path, PORTAL_CONTENT_DIR=str(SAMPLE_CONTENT),
               PORTAL_DATABASE_URL=app.config["DATABASE_URL"])
    env.update({f"PORTAL_{k}": v for k, v in settings.items()})
    return subprocess.run([PORTAL, "partners", *args], capture_output=True, text=True, env=env, timeout=120)


def test_it_prints_a_link_that_opens_the_partners_credit(sample_lead_app):
    done = portal(sample_lead_app, "link", "shenzhen-chamber", "--lang", "zh-hant",
                  SITE_URL="https://invest.example.cn/zsj/")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # the site's address is known: nothing to warn about
    url = done.stdout.strip()
    assert url.startswith("https://invest.example.cn/zsj/zh-hant/partners/credit/")
    page = sample_lead_app.test_client().get(urlsplit(url).path.removeprefix("/zsj"))
    assert page.status_code == 200 and "深圳青嵐商會" in page.get_data(as_text=True)

    refused = portal(sample_lead_app, "link", "agri-team")
    assert refused.returncode != 0 and "not a partner desk" in refused.stderr


def test_without_a_site_url_it_uses_the_servers_address_and_says_so(sample_lead_app):
    """``make run PORT=8081``-like: no PORTAL_SITE_URL, the server on PORTAL_PORT. The link is
    the server's own address, and IT is told it is no public one and how to fix it."""
    done = portal(sample_lead_app, "link", "prd-office", PORT="8081")
    assert done.returncode == 0, done.stderr
    url = done.stdout.strip()
    assert url.startswith("http://127.0.0.1:8081/zh/partners/credit/"), url
    assert "PORTAL_SITE_URL is not set" in done.stderr and "revoke" in done.stderr
    assert sample_lead_app.test_client().get(urlsplit(url).path).status_code == 200
