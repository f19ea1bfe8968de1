"""How ``portal serve`` runs Granian: its threads, and a clean stop of every worker.

A Granian worker stopped only now and then on Ctrl-C; the main process then killed it ("Killing
worker-1 after it refused to gracefully stop"). Python runs a signal's handler in the main thread,
and only when that thread runs; a worker's main thread sleeps on a lock until its stop signal is
handled, and a SIGINT or SIGTERM that the kernel hands to one of the worker's Rust threads (it
may: any thread that does not block it) was never handled at all. Ctrl-C made it likely: the
terminal's SIGINT reaches every worker while Granian's main process sends each a SIGTERM. (And a
second stop signal handled before the first is taken blocks a worker for good, holding the GIL.)
``stop_once`` blocks both signals in each worker before it starts its threads, and one thread
waits for them: the first one stops the worker, a later one is never heard. A worker also waits,
to stop, for every connection in progress, including one whose body never comes: it leaves
after ``WORKER_GRACE_S`` at most. The workers fork from ``portal serve``, so they inherit this.
"""

import logging
import os
import signal
import sys
import threading

from granian import _signals

from .. import bodies

# WSGI runs the application in Granian's blocking threads. One per worker served cached pages
# fastest, but a request waiting for its body held it: two slow POSTs stopped every page. Bodies
# are now read within a deadline by at most bodies.READERS threads per worker (more are refused
# at once), so a worker keeps two threads for pages whatever slow clients do. Many more threads
# cost throughput under load (GIL hand-offs): /zh/ with 50 connections, 2 workers, median req/s
# of 3 rounds on this 2-core machine: 1 thread 17.0k, 6 16.9k, 20 15.0k, 64 10.7k.
BLOCKING_THREADS = bodies.READERS + 2
# Requests in progress at a stop get this long to finish, within Granian's kill timeout.
WORKER_GRACE_S = 3
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def stop_once():
    """Make each Granian worker stop on its first SIGINT or SIGTERM, ignore any later one, and
    end within ``WORKER_GRACE_S`` of it."""
    def set_sync_signals():
        stop = _signals.WorkerSignal()
        # Blocked here, before the worker starts its threads, so in all of them: a stop signal
        # then waits for the one thread that asks for it, whichever thread the kernel picked.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        threading.Thread(target=await_stop, args=(stop,), name="stop-signal", daemon=True).start()
        return stop

    _signals.set_sync_signals = set_sync_signals


def await_stop(stop):
    signal.sigwait(STOP_SIGNALS)  # the first one; any later one stays blocked, unheard
    timer = threading.Timer(WORKER_GRACE_S, leave)
    timer.daemon = True  # a worker that stops in time does not wait for it
    timer.start()
    stop.set()


def leave():
    """End this worker now: what is still open waits for a client that will not finish."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class ThreadsByDesign(logging.Filter):
    """Drop Granian's warning that ``BLOCKING_THREADS`` is many for the CPUs (more than twice
    their number): most of them wait for request bodies, not for the CPU, and the warning would
    greet every start."""

    def filter(self, record):
        return "Python threads, which seems quite high" not in record.getMessage()


def quiet_thread_warning():
    logging.getLogger("_granian").addFilter(ThreadsByDesign())
