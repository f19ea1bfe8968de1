"""Contact details shown to a role that does not need them: enough to recognise, not to use.

姓名 张*（张三丰 → 张**）, 电话 138****5678, e-mail w***@example.com, WeChat w***9.
"""

import re

MASK = "*"


def mask_name(name):
    if not name:
        return name
    name = name.strip()
    if re.fullmatch(r"[\u3400-\u9fff\uf900-\ufaff·]+", name):  # a Chinese name: the surname stays
        return name[0] + MASK * max(1, len(name) - 1)
    words = name.split()
    return " ".join(w[0] + "." for w in words) if words else name


def mask_phone(phone):
    """Keep the country code, the first 3 and the last 4 digits of the number."""
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    prefix = "+86 " if phone.startswith("+86") else ("+" if phone.startswith("+") else "")
    if phone.startswith("+86"):
        digits = digits[2:]
    if len(digits) <= 7:
        return prefix + MASK * len(digits)
    return prefix + digits[:3] + MASK * (len(digits) - 7) + digits[-4:]


def mask_email(email):
    if not email or "@" not in email:
        return email
    local, domain = email.rsplit("@", 1)
    return f"{local[0]}{MASK * 3}@{domain}"


def mask_handle(handle):
    if not handle:
        return handle
    return handle[0] + MASK * 3 + (handle[-1] if len(handle) > 2 else "")


MASKERS = {"name": mask_name, "phone": mask_phone, "email": mask_email, "wechat": mask_handle}


def mask(field, value):
    """``value`` of a contact ``field`` masked; other fields as they are."""
    return MASKERS[field](value) if field in MASKERS else value
