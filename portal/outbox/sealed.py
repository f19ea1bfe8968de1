"""Secrets in queued mail: the status link's token waits in the outbox sealed, not in clear.

An outbox row holds the message body until it is sent, and the database must never hold a
usable status link (only its hash, on the lead). So the token is written into the body sealed
with a key derived from the app's secret key: XOR with an HMAC-SHA256 keystream over a random
nonce, and an HMAC tag, so only this app can open it and a forged seal is left as it is. The
sender opens it when it builds the message, so a repeated send has the same bytes.

A seal sits between two U+001F characters, which the form strips from everything a visitor
types: no answer echoed in the acknowledgement can look like one.
"""

import base64
import hashlib
import hmac
import re
import secrets

MARK = "\x1f"
SEAL = re.compile(r"\x1f([A-Za-z0-9_-]{20,200})\x1f")
NONCE_BYTES = 16
TAG_BYTES = 16


def key_for(secret):
    return hmac.new(str(secret).encode(), b"portal.outbox.sealed", hashlib.sha256).digest()


def stream(key, nonce, length):
    blocks = b"".join(hmac.new(key, nonce + bytes([n]), hashlib.sha256).digest()
                      for n in range(length // 32 + 1))
    return blocks[:length]


def seal(text, secret):
    """``text`` sealed, between markers, ready to be written into a body."""
    key, nonce, plain = key_for(secret), secrets.token_bytes(NONCE_BYTES), text.encode()
    body = bytes(a ^ b for a, b in zip(plain, stream(key, nonce, len(plain)), strict=True))
    tag = hmac.new(key, b"tag" + nonce + body, hashlib.sha256).digest()[:TAG_BYTES]
    return MARK + base64.urlsafe_b64encode(nonce + body + tag).decode().rstrip("=") + MARK


def open_one(match, key):
    raw = match.group(1)
    try:
        data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except ValueError:
        return match.group(0)
    nonce, body, tag = data[:NONCE_BYTES], data[NONCE_BYTES:-TAG_BYTES], data[-TAG_BYTES:]
    expected = hmac.new(key, b"tag" + nonce + body, hashlib.sha256).digest()[:TAG_BYTES]
    if len(data) <= NONCE_BYTES + TAG_BYTES or not hmac.compare_digest(tag, expected):
        return match.group(0)
    return bytes(a ^ b for a, b in zip(body, stream(key, nonce, len(body)), strict=True)).decode()


def unseal(text, secret):
    """``text`` with every seal made by ``secret`` opened."""
    if MARK not in text:
        return text
    key = key_for(secret)
    return SEAL.sub(lambda m: open_one(m, key), text)
