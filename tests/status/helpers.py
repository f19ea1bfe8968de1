"""Leads as the inquiry form stores them (written here directly, so these tests do not depend on
the form's own work in progress), given a status link and moved along the pipeline the way the
lead page records it (the stage on the lead, one ``stage`` event per move)."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from portal.db import transaction
from portal.db.schema import lead_events, leads
from portal.leads.tokens import new_token, token_hash

MESSAGE = "我们计划投资一条锰基新材料生产线，请介绍园区条件。Secret-plan-8841"
NAME, COMPANY, EMAIL, PHONE = "张伟", "深圳锰业科技有限公司", "Zhang.Wei@example.com", "+8613800138000"
PERSONAL = (NAME, COMPANY, EMAIL, "13800138000", "Secret-plan-8841")
START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in China


def answer(field, zh, en, value, text=None):
    row = {"field": field, "label": {"zh": zh, "en": en}, "value": value}
    return {**row, "text": text} if text else row


def insert_lead(app, lang="en", desk="bureau", **values):
    """A lead as ``inquiry/leads.py`` stores it; return its id."""
    extra = {key: values.pop(key) for key in ("wechat", "title") if key in values}
    rows = [answer("name", "您的姓名", "Your name", values.get("name", NAME)),
            answer("company", "单位名称", "Company or organisation", values.get("company", COMPANY)),
            answer("email", "电子邮箱", "E-mail", values.get("email", EMAIL)),
            answer("phone", "电话", "Phone", values.get("phone", PHONE))]
    rows += [answer(key, key, key, value) for key, value in extra.items()]
    rows += [answer("industry", "所属行业", "Industry", "new-materials",
                    {"zh": "新材料", "en": "New materials"}),
             answer("area", "面积", "Approximate size", "2000"),
             answer("message", "留言", "Your message", MESSAGE)]
    with transaction(app) as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(leads)).scalar()
        row = {"submission_key": f"key-{count}-{new_token()}", "created_at": START, "lang": lang,
               "name": NAME, "company": COMPANY, "email": EMAIL, "phone": PHONE,
               "wechat": extra.get("wechat"), "region": "CN-GD", "industry": "new-materials",
               "answers": rows, "desk": desk, "routed_by": "industry", "ref": "shenzhen-chamber",
               "client_address": "198.51.100.7", "consent_at": START, "consent_version": "2026-11",
               "consent_share": False, "consent_newsletter": False, "needs_attention": False,
               "status": "new", "reply_by": date(2026, 11, 4), **values}
        lead_id = connection.execute(leads.insert().values(row)).inserted_primary_key[0]
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            reference=f"QL-2026-{lead_id:06d}"))
    return lead_id


def lead_with_link(app, lang="en", **values):
    """A lead with a live status link; return (lead id, the token its acknowledgement carries)."""
    token = new_token()
    return insert_lead(app, lang, status_token_hash=token_hash(token), **values), token


def move(app, lead_id, *stages):
    """Move the lead through ``stages``, a day apart from START; return the time of each move."""
    times = []
    with transaction(app) as connection:
        old = connection.execute(sa.select(leads.c.status).where(leads.c.id == lead_id)).scalar()
        for number, stage in enumerate(stages, 1):
            at = START + timedelta(days=number)
            connection.execute(lead_events.insert().values(lead_id=lead_id, at=at, kind="stage",
                                                           old=old, new=stage))
            connection.execute(leads.update().where(leads.c.id == lead_id).values(
                status=stage, stage_at=at, first_response_at=START + timedelta(days=1)))
            old = stage
            times.append(at)
    return times
