"""The form's answers in the form a lead stores them (see ``portal.leads.answers``)."""

from ..leads.answers import FREE_TEXT, LANGS, ORDER, in_language, option_text


def answers(form, content):
    """``[{"field", "label": {zh, en}, "value", "text": {zh, en}?}, ...]`` for every given answer."""
    rows = []
    for name in ORDER:
        value = form.phone_e164 if name == "phone" and form.phone_e164 else form[name].data
        if not value:
            continue
        row = {"field": name, "label": {}, "value": value}
        for lang in LANGS:
            with in_language(lang):
                row["label"][lang] = str(form[name].label.text)
                if name not in FREE_TEXT:
                    row.setdefault("text", {})[lang] = option_text(content, name, value, lang)
        rows.append(row)
    return rows
