"""A user's own service for provision's end-to-end test: standard library only.

GET /health answers {"status": "up"}; any other GET answers who answered (the host, from
SERVICE_HOST that provision puts in the unit's environment, else the hostname) and the
X-Request-ID the gateway gave the request. Every request is logged with that id.
"""
import json
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else int(os.environ.get("SERVICE_PORT", "9000"))
NAME = os.environ.get("SERVICE_NAME", "py")
REPLICA = os.environ.get("SERVICE_HOST") or socket.gethostname()
ADDRESS = os.environ.get("SERVICE_ADDRESS", "")
LOCK = threading.Lock()
COUNT = 0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global COUNT
        if self.path == "/health":
            self.answer({"status": "up"})
            return
        with LOCK:
            COUNT += 1
            n = COUNT
        self.answer({"service": NAME, "replica": REPLICA, "hostname": socket.gethostname(), "address": ADDRESS,
                     "port": PORT, "requests": n, "pid": os.getpid(), "path": self.path,
                     "request_id": self.headers.get("X-Request-ID", ""), "greeting": os.environ.get("GREETING", "")})

    def answer(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("request: %s request_id=%s\n" % (fmt % args, self.headers.get("X-Request-ID", "-")))


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
