"""Refuse to serve on a port that another server already listens on."""

import errno
import socket


class PortInUse(OSError):
    """Another process listens on the address."""


def check_free(host, port):
    """Raise PortInUse when ``host:port`` cannot be bound by a new listener.

    SO_REUSEADDR lets a restart bind over connections still closing (TIME_WAIT), but on Linux
    it never admits a second listener; SO_REUSEPORT, which the production server sets on its
    own socket, is left off here so that a second ``portal serve`` is refused instead of
    silently sharing the port with an older one.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(error.errno, f"{host}:{port} is in use") from None
            raise
