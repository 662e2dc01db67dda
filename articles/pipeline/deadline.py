"""A hard wall clock on one fetch: every connection it uses is cut when its time is up.

A socket timeout bounds each wait, not a server that sends one byte every few seconds: such a
server held a fetch for 400 s (a body) or 318 s (a status line), and the admin's only task
worker with it. While `deadline(seconds)` is open on a thread, every connection that thread
takes from the fetcher's pool (articles.pipeline.netguard) is watched; when the time is up its socket
is shut down, wherever the request is (TLS handshake, status line, headers or body), and the
read in progress fails at once. Name resolution is the system resolver's and is not cut.
"""

import contextlib
import socket
import threading
import time

_local = threading.local()
CUT_EVERY = 0.05  # seconds: once expired, sockets opened late (a connect under way) are cut too


class Deadline:
    def __init__(self, seconds):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._connections = []
        self._done = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="fetch-deadline", daemon=True)
        self._watchdog.start()

    def remaining(self):
        return max(0.0, self.ends_at - time.monotonic())

    def watch(self, connection):
        self._connections.append(connection)

    def close(self):
        self._done.set()

    def _watch(self):
        if self._done.wait(self.seconds):
            return
        self.expired = True
        while not self._done.is_set():
            for connection in list(self._connections):
                _shut_down(getattr(connection, "sock", None))
            self._done.wait(CUT_EVERY)


@contextlib.contextmanager
def deadline(seconds):
    """Run the block with a Deadline of `seconds` on this thread's fetches; yields it."""
    clock = Deadline(seconds)
    outer, _local.deadline = getattr(_local, "deadline", None), clock
    try:
        yield clock
    finally:
        _local.deadline = outer
        clock.close()


def current():
    """This thread's Deadline, or None outside `deadline()`."""
    return getattr(_local, "deadline", None)


def watch(connection):
    """Called by the pool for each connection it hands out."""
    clock = current()
    if clock is not None:
        clock.watch(connection)


def _shut_down(sock):
    if sock is None:
        return
    # The plain socket's shutdown, also for a TLS socket: ssl.SSLSocket.shutdown() would drop its
    # TLS state under the thread reading it. The reader gets end-of-file or an error at once.
    with contextlib.suppress(OSError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
