"""The investor's private status link: an unguessable token, of which only a hash is stored.

A lookup is one indexed equality on the hash, whether the token exists or not, so an unknown
token answers as fast as a known one and the database never holds a usable link.
"""

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits, 32 characters in the URL


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()
