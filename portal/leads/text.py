"""What visitors type, made inert before it is validated, stored or mailed: control characters
removed, Unicode normalised (NFC), single-line fields on one line."""

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def clean_text(value):
    """Multi-line text: NFC, ``\\n`` line ends, no control characters, trimmed."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL.sub("", value.replace("\t", " ")).strip()


def clean_line(value):
    """One line: as ``clean_text``, with every run of white space (newlines too) one space."""
    value = clean_text(value)
    return " ".join(value.split()) if isinstance(value, str) else value
