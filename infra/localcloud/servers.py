"""The HTTP servers the local cloud runs take a burst of connections.

`socketserver`'s default listen backlog (`request_queue_size`) is 5. While a busy server's one accepting thread
waits for the interpreter lock, twenty clients connecting at once overflow a queue of six and the kernel resets the
connections it cannot queue: requests that were never processed (6 of 100 concurrent gate verifications
lost). Every server here listens with `LISTEN_BACKLOG` instead (the kernel caps it at `net.core.somaxconn`) and
serves each connection on its own thread; so does moto's werkzeug server (`moto_process.moto_server`), whose own
backlog of 128 overflowed in a burst of 200 alarms.
"""

from __future__ import annotations

from http.server import ThreadingHTTPServer

LISTEN_BACKLOG = 1024


class LocalHTTPServer(ThreadingHTTPServer):
    """A thread per connection, and a listen queue deep enough for a burst."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
