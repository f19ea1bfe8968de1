"""The visitor's address, as seen through ``PROXY_COUNT`` trusted proxies (ProxyFix in
``create_app`` has already replaced ``remote_addr`` with the address the last trusted proxy saw).

IPv6 visitors get a /64 each from their provider, so per-address limits count the /64: otherwise
one visitor could rotate through 2^64 addresses.
"""

import ipaddress

from flask import request

IPV6_PREFIX = 64


def client_address(remote_addr=None):
    """The visitor's address as an ``ipaddress`` object, or None if it cannot be read.

    IPv4-mapped IPv6 addresses (``::ffff:203.0.113.7``, as a dual-stack socket reports IPv4
    visitors) count as the IPv4 address; a zone (``fe80::1%eth0``) is dropped.
    """
    raw = request.remote_addr if remote_addr is None else remote_addr
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw.strip().strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def limit_key(address):
    """The bucket for per-address limits: the address for IPv4, its /64 for IPv6."""
    if address is None:
        return "unknown"
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
