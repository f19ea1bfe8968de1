"""Client addresses: parsed with ``ipaddress``, IPv4-mapped unwrapped, IPv6 limited per /64."""

import pytest

from portal.client import client_address, limit_key


@pytest.mark.parametrize("raw,address,key", [
    ("203.0.113.7", "203.0.113.7", "203.0.113.7"),
    ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3:1319:8a2e:370:7348",
     "2001:db8:85a3:8d3::/64"),
    ("2001:DB8::1", "2001:db8::1", "2001:db8::/64"),
    ("[2001:db8::1]", "2001:db8::1", "2001:db8::/64"),
    ("fe80::1%eth0", "fe80::1", "fe80::/64"),
    ("::ffff:192.0.2.5", "192.0.2.5", "192.0.2.5"),
    ("::1", "::1", "::/64"),
])
def test_addresses(raw, address, key):
    parsed = client_address(raw)
    assert str(parsed) == address
    assert limit_key(parsed) == key


@pytest.mark.parametrize("raw", ["", "unix:/run/portal.sock", "999.1.1.1", "not an address"])
def test_unreadable_addresses_share_one_bucket(raw):
    assert client_address(raw) is None
    assert limit_key(None) == "unknown"
