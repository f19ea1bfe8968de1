"""Clients for the tests of ``portal serve`` as a real process: slow request bodies, timed page
requests, and the processes the server started."""

import socket
import statistics
import threading
import time
from pathlib import Path

SLOW_LENGTH = 10_000  # under the inquiry form's 64 KB, so the form reads it (a larger one is a 413)


class SlowBodies:
    """``count`` connections that each send a POST's headers, then one byte of its body a second."""

    def __init__(self, port, count=50, path="/zh/inquiry/", length=SLOW_LENGTH):
        self.port, self.count, self.path, self.length = port, count, path, length
        self.sockets, self.stop = [], threading.Event()
        self.received = []  # what each connection has received so far
        self.trickle = threading.Thread(target=self.send_bytes, daemon=True)

    def __enter__(self):
        head = (f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {self.length}\r\n\r\n").encode()
        for _ in range(self.count):
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            connection.sendall(head)
            self.sockets.append(connection)
            self.received.append(b"")
        self.trickle.start()
        return self

    def send_bytes(self):
        while not self.stop.is_set():
            for connection in self.sockets:
                try:
                    connection.send(b"a")
                except OSError:
                    pass  # answered and closed by the server: nothing more to send
            self.stop.wait(1)

    def answers(self):
        """What each connection has received so far (b"" while it waits)."""
        for index, connection in enumerate(self.sockets):
            connection.setblocking(False)
            try:
                self.received[index] += connection.recv(65536)
            except OSError:  # nothing yet (BlockingIOError), or closed
                pass
            finally:
                connection.setblocking(True)
        return list(self.received)

    def __exit__(self, *exc):
        self.stop.set()
        self.trickle.join(timeout=5)
        for connection in self.sockets:
            connection.close()


def fetch(port, path="/zh/", timeout=30):
    """``(status line, whole response)`` of a GET on a new connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Connection: close\r\n\r\n".encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return response.split(b"\r\n", 1)[0].decode(), response


def page_times(port, path="/zh/", count=40, timeout=5):
    """Seconds each of ``count`` sequential GETs of ``path`` took (each must answer 200); a GET
    without an answer within ``timeout`` ends the series, counted as infinitely slow."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            status, _ = fetch(port, path, timeout=timeout)
        except TimeoutError:
            return times + [float("inf")] * (count - len(times))
        times.append(time.perf_counter() - started)
        assert status.endswith("200 OK"), status
    return times


def p95(times):
    return statistics.quantiles(times, n=20)[18]


def children(pid):
    """The process ids whose parent is ``pid`` (Linux ``/proc``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    """True while ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
