"""Staff passwords: Argon2id hashes (argon2-cffi), and the rules a new password must meet
(等保 2.0 level 2: length, character classes, not the user name; figures configurable)."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

HASHER = PasswordHasher()  # argon2id, the library's current recommended parameters
# A hash checked when the user does not exist, so a wrong name costs as long as a wrong password.
UNKNOWN_USER_HASH = HASHER.hash("no such user: the answer must take as long")
CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^A-Za-z0-9]"))


def hash_password(password):
    return HASHER.hash(password)


def verify(stored_hash, password):
    """True if ``password`` matches; a corrupt or empty hash never does."""
    try:
        return HASHER.verify(stored_hash or UNKNOWN_USER_HASH, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash):
    return HASHER.check_needs_rehash(stored_hash)


def problems(password, name, config):
    """What is wrong with ``password`` for user ``name``, as messages (empty: acceptable)."""
    found = []
    minimum = config["STAFF_PASSWORD_MIN_LENGTH"]
    classes = config["STAFF_PASSWORD_CLASSES"]
    if len(password) < minimum:
        found.append(_l("Use at least %(count)d characters.", count=minimum))
    if sum(bool(c.search(password)) for c in CLASSES) < classes:
        found.append(_l("Use at least %(count)d of: lower-case letters, capitals, digits, other "
                        "characters.", count=classes))
    if name and name.lower() in password.lower():
        found.append(_l("Do not use your user name in the password."))
    return found
