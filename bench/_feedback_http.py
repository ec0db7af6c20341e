"""HTTP helpers of bench_feedback.py and fuzz_feedback_form.py (plain python3, stdlib only).

* ``OdooServer``: starts ``odoo`` on a throw-away database as ONE process (threaded
  server, or one prefork HTTP worker with ``workers=1``; no cron) on a loopback
  port, waits until it answers, and stops it (the process group it created only);
* ``FormClient``: a cookie-keeping client of the public feedback form that reads
  the CSRF token from the form page and posts multipart bodies built by hand
  (so that a payload may hold any bytes, invalid UTF-8 included).
"""

import http.client
import http.cookiejar
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid

from _common import log

CSRF_RE = re.compile(rb'name="csrf_token" value="([^"]+)"')
CODE_RE = re.compile(rb'id="cchc_feedback_code">([^<]+)<')


class OdooServer:
    def __init__(self, cmd, addons, extra, db, port, log_path, workers=0, options=()):
        self.args = [
            *cmd,
            f"--addons-path={addons}",
            *extra,
            "-d",
            db,
            f"--db-filter=^{re.escape(db)}$",
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            f"--workers={workers}",
            "--max-cron-threads=0",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
            "--log-level=warn",
            f"--logfile={log_path}",
            # later options win: e.g. ("--max-cron-threads=1", "--proxy-mode")
            *options,
        ]
        self.workers = workers
        self.port = port
        self.process = None

    def __enter__(self):
        kind = f"{self.workers} HTTP worker(s)" if self.workers else "one threaded process"
        log(f"starting Odoo on 127.0.0.1:{self.port} ({kind})")
        self.process = subprocess.Popen(self.args, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"Odoo exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/web/login", timeout=5
                ) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.5)
        self.__exit__()
        raise SystemExit("Odoo did not answer within 120 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return False


def multipart(fields, files=()):
    """Body and content type of a multipart/form-data request.

    ``fields``: list of (name, value) with value str or bytes; ``files``: list of
    (field name, filename, bytes, content type)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        if isinstance(value, str):
            value = value.encode("utf-8", "surrogatepass")
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + value + b"\r\n")
    for name, filename, data, ctype in files:
        if isinstance(filename, str):
            filename = filename.encode("utf-8", "surrogatepass")
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="'.encode()
            + filename.replace(b'"', b"%22").replace(b"\r", b"").replace(b"\n", b"")
            + f'"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
        )
        parts.append(head + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class FormClient:
    def __init__(self, port, company_id=None):
        self.port = port
        self.query = f"?company={company_id}" if company_id else ""
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def refresh_token(self):
        with self.opener.open(self.url("/pakn" + self.query), timeout=30) as response:
            page = response.read()
        self.token = CSRF_RE.search(page)[1].decode()
        return self.token

    def post(self, body, content_type, path="/pakn/gui"):
        """POST a body; returns (status, response body)."""
        request = urllib.request.Request(
            self.url(path), data=body, headers={"Content-Type": content_type}, method="POST"
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (http.client.HTTPException, ConnectionError) as error:
            return 0, repr(error).encode()

    def submit(self, fields, files=(), token=True):
        fields = list(fields)
        if token is True:
            fields.append(("csrf_token", self.token))
        elif token:
            fields.append(("csrf_token", token))
        body, ctype = multipart(fields, files)
        return self.post(body, ctype)
