#!/usr/bin/env python3
"""Bounded load test of a province on several Odoo workers, loopback only.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/load_test.py                       # scale 0.1, 50 users, 120 s, DB dropped
    python3 bench/load_test.py --scale 1 --json bench/out/load_test.json   # the full province
    python3 bench/load_test.py --scale 0.02 --seconds 20 --users 10        # a quick try

It creates a throw-away database with cchc_outreach, seeds a province with
bench_province.py (--scale, default 0.1: 200 users, 20 000 tasks, 50 000 feedback),
enables the public feedback form of --form-companies Sở (default 5; rate limit left at
the company's default, 5 submissions per address in 10 minutes), then starts Odoo on
127.0.0.1 as a province would run it behind a reverse proxy: `--workers=4
--max-cron-threads=1 --proxy-mode` (see docs/deployment.md), and runs --users (50)
simulated people for --seconds (120), each in its own thread, pausing --think seconds
on average (uniform 0 to 2 × think) between two actions:

* department users (JSON-RPC with their own session, as the web client): task and
  feedback lists (web_search_read with the list views' specification), saving the
  result note of one of their open tasks (web_save), submitting one of their tasks for
  approval (action_start if to do, web_save of the results, action_submit);
* citizens: the public form (GET /pakn, then POST /pakn/gui with its CSRF token), each
  citizen from its own address sent as X-Forwarded-For (with X-Forwarded-Host, without
  which Odoo 18 ignores the forwarded headers), at most 3 submissions per address.

Every accepted write carries a unique marker. Afterwards, with Odoo stopped, it checks in
the database that each accepted feedback is there exactly once (its marker in exactly
one record, with the code the page showed), that each saved note is the task's note
(the last one saved), and that each submitted task is waiting for approval, submitted
by its user, with exactly one approval activity; and that one address is refused after
the rate limit (6th submission: HTTP 429). It prints requests per second and the p50 /
p95 latency per kind of request, and the errors (target: 0).
"""

import http.cookiejar
import json
import random
import re
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from _common import (
    base_arg_parser,
    bench_database,
    fmt_int,
    list_count_limit,
    log,
    markdown_table,
    shell_call,
    view_specification,
    write_json,
)
from _feedback_http import CODE_RE, CSRF_RE, OdooServer, multipart
from bench_province import PASSWORD, add_size_options, size_options

BENCH_DIR = Path(__file__).resolve().parent
SUBMISSIONS_PER_CITIZEN = 3
KINDS = [
    ("list_tasks", "web_search_read cchc.task (list)"),
    ("list_feedback", "web_search_read cchc.feedback (list)"),
    ("web_save", "web_save cchc.task result note"),
    ("action_start", "call_button cchc.task action_start"),
    ("action_submit", "call_button cchc.task action_submit"),
    ("form_get", "GET /pakn (public form)"),
    ("form_post", "POST /pakn/gui (feedback)"),
    ("login", "POST /web/session/authenticate"),
]


def server_options(args):
    """The Odoo settings of the run (appended to OdooServer's, later ones win)."""
    return [
        f"--max-cron-threads={args.max_cron_threads}",
        "--proxy-mode",
        f"--gevent-port={args.port + 1}",
        f"--db_maxconn={args.db_maxconn}",
        "--limit-time-real=120",
        "--limit-time-cpu=60",
        "--limit-request=8192",
        "--limit-memory-soft=2147483648",
        "--limit-memory-hard=2684354560",
    ]


# ----------------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------------
class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {key: [] for key, _label in KINDS}
        self.errors = {key: 0 for key, _label in KINDS}
        self.statuses = {}
        self.error_samples = []

    def add(self, kind, seconds, ok, detail=None):
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append({"kind": kind, "detail": str(detail)[:500]})


class Http:
    """A cookie-keeping client that sends the headers a reverse proxy adds."""

    def __init__(self, port, address, stats):
        self.base = f"http://127.0.0.1:{port}"
        self.headers = {
            "X-Forwarded-For": address,
            "X-Forwarded-Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "http",
        }
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.stats = stats

    def request(self, kind, path, data=None, content_type=None, timed=True):
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=180) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError as error:
            status, body = 0, repr(error).encode()
        seconds = time.perf_counter() - start
        return status, body, seconds

    def rpc(self, kind, path, params):
        payload = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        ).encode()
        status, body, seconds = self.request(kind, path, payload, "application/json")
        result, error = None, None
        if status != 200:
            error = f"HTTP {status}: {body[:300]!r}"
        else:
            try:
                answer = json.loads(body)
            except ValueError:
                answer = {"error": body[:300]}
            if "error" in answer:
                data = answer["error"].get("data", {}) if isinstance(answer["error"], dict) else {}
                error = data.get("message") or answer["error"]
            else:
                result = answer.get("result")
        self.stats.add(kind, seconds, error is None, error)
        return result, error


class DepartmentUser:
    def __init__(self, setup, person, port, stats, marks, index):
        self.setup = setup
        self.person = person
        self.stats = stats
        self.marks = marks
        self.http = Http(port, f"10.1.{index // 250}.{1 + index % 250}", stats)
        self.context = {
            "lang": "en_US",
            "tz": "Asia/Ho_Chi_Minh",
            "allowed_company_ids": [person["company_id"]],
            "bin_size": True,
        }
        self.save_pool = list(person["save_tasks"])
        self.submit_pool = list(person["submit_tasks"])
        self.ok = False

    def login(self):
        _result, error = self.http.rpc(
            "login",
            "/web/session/authenticate",
            {"db": self.setup["db"], "login": self.person["login"], "password": PASSWORD},
        )
        self.ok = error is None
        return self.ok

    def call(self, kind, model, method, args, kwargs, button=False):
        path = "/web/dataset/call_button" if button else "/web/dataset/call_kw"
        return self.http.rpc(
            kind,
            f"{path}/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": dict(kwargs, context=self.context),
            },
        )

    def list_tasks(self):
        self.call(
            "list_tasks",
            "cchc.task",
            "web_search_read",
            [],
            {
                "domain": [],
                "specification": self.setup["task_spec"],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": self.setup["task_count_limit"],
            },
        )

    def list_feedback(self):
        self.call(
            "list_feedback",
            "cchc.feedback",
            "web_search_read",
            [],
            {
                "domain": [],
                "specification": self.setup["feedback_spec"],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": self.setup["feedback_count_limit"],
            },
        )

    def _save_note(self, task_id, marker):
        _result, error = self.call(
            "web_save",
            "cchc.task",
            "web_save",
            [[task_id], {"result_note": f"<p>Kết quả thực hiện {marker}</p>"}],
            {"specification": {"result_note": {}, "state": {}}},
        )
        return error is None

    def save(self):
        if not self.save_pool:
            return self.list_tasks()
        task_id = random.choice(self.save_pool)
        marker = f"LTS-{uuid.uuid4().hex[:16]}"
        if self._save_note(task_id, marker):
            with self.marks["lock"]:
                self.marks["saves"][task_id] = marker  # the last accepted save
        return None

    def submit(self):
        if not self.submit_pool:
            return self.save()
        task_id, state = self.submit_pool.pop()
        if state == "todo":
            _result, error = self.call(
                "action_start", "cchc.task", "action_start", [[task_id]], {}, button=True
            )
            if error:
                return None
        marker = f"LTT-{uuid.uuid4().hex[:16]}"
        if not self._save_note(task_id, marker):
            return None
        _result, error = self.call(
            "action_submit", "cchc.task", "action_submit", [[task_id]], {}, button=True
        )
        if error is None:
            with self.marks["lock"]:
                self.marks["submissions"].append(
                    {"task_id": task_id, "user_id": self.person["id"], "marker": marker}
                )
        return None


class Citizen:
    def __init__(self, setup, port, stats, marks, rng):
        self.setup = setup
        self.port = port
        self.stats = stats
        self.marks = marks
        self.rng = rng
        self._new_citizen()

    def _new_citizen(self):
        with self.marks["lock"]:
            self.marks["citizens"] += 1
            number = self.marks["citizens"]
        address = f"172.{16 + number // 65025 % 16}.{number // 255 % 255}.{1 + number % 255}"
        self.http = Http(self.port, address, self.stats)
        self.company_id = self.rng.choice(self.setup["form_company_ids"])
        self.sent = 0

    def submit(self):
        if self.sent >= SUBMISSIONS_PER_CITIZEN:
            self._new_citizen()
        status, body, seconds = self.http.request("form_get", f"/pakn?company={self.company_id}")
        match = CSRF_RE.search(body) if status == 200 else None
        self.stats.add("form_get", seconds, bool(match), f"HTTP {status}")
        if not match:
            return
        marker = f"LTF-{uuid.uuid4().hex[:16]}"
        fields = [
            ("company_id", str(self.company_id)),
            ("kind", "phan_anh"),
            ("sender_type", "individual"),
            ("sender_name", "Nguyễn Văn Tải"),
            ("sender_address", "12 Đường 30/4, phường Trung Dũng, Biên Hòa, Đồng Nai"),
            ("sender_phone", f"09{self.rng.randrange(10**8):08d}"),
            ("sender_email", ""),
            ("subject", "Thủ tục cấp Giấy phép bán lẻ sản phẩm rượu"),
            ("content_class", "applied_late"),
            ("description", f"Hồ sơ nộp trực tuyến chưa được giải quyết. Mã kiểm thử {marker}."),
            ("website", ""),
            ("consent", "1"),
            ("csrf_token", match[1].decode()),
        ]
        body, ctype = multipart(fields)
        status, answer, seconds = self.http.request("form_post", "/pakn/gui", body, ctype)
        code = CODE_RE.search(answer) if status == 200 else None
        self.stats.add("form_post", seconds, bool(code), f"HTTP {status}: {answer[:200]!r}")
        self.sent += 1
        if code:
            with self.marks["lock"]:
                self.marks["feedback"].append(
                    {"marker": marker, "code": code[1].decode(), "company_id": self.company_id}
                )


def websocket_handshake(port, http_port):
    """The status line of a websocket opening handshake on Odoo's gevent port (the route a
    reverse proxy sends /websocket to): "101 Switching Protocols" when it serves it."""
    request = (
        "GET /websocket?version=18.0-4 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://127.0.0.1:{http_port}\r\n\r\n"
    )
    for _attempt in range(30):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(request.encode())
                return sock.recv(1024).split(b"\r\n", 1)[0].decode(errors="replace")
        except OSError:
            time.sleep(1)
    return "no answer"


def run_load(args, setup):
    stats = Stats()
    marks = {
        "lock": threading.Lock(),
        "saves": {},
        "submissions": [],
        "feedback": [],
        "citizens": 0,
    }
    people = setup["people"]
    weights = {
        "list_tasks": args.mix[0] / 2,
        "list_feedback": args.mix[0] / 2,
        "save": args.mix[1],
        "submit": args.mix[2],
        "feedback": args.mix[3],
    }
    users = [
        DepartmentUser(setup, people[index % len(people)], args.port, stats, marks, index)
        for index in range(args.users)
    ]
    log(f"logging in {len(users)} department users")
    login_threads = [threading.Thread(target=user.login) for user in users]
    for thread in login_threads:
        thread.start()
    for thread in login_threads:
        thread.join()
    logged = sum(user.ok for user in users)
    log(f"{logged}/{len(users)} logged in; load for {args.seconds} s")
    stop_at = time.monotonic() + args.seconds

    def work(index, user):
        rng = random.Random(args.seed + index)
        citizen = Citizen(setup, args.port, stats, marks, rng)
        # each simulated person starts at a random moment of the first think time
        time.sleep(rng.uniform(0, 2 * args.think))
        while time.monotonic() < stop_at:
            kind = rng.choices(list(weights), list(weights.values()))[0]
            if kind == "feedback" or not user.ok:
                citizen.submit()
            elif kind == "list_tasks":
                user.list_tasks()
            elif kind == "list_feedback":
                user.list_feedback()
            elif kind == "save":
                user.save()
            else:
                user.submit()
            time.sleep(rng.uniform(0, 2 * args.think))

    threads = [
        threading.Thread(target=work, args=(index, user)) for index, user in enumerate(users)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    # The rate limit, seen through the proxy headers: one address, limit + 1 posts.
    probe_marks = {"lock": threading.Lock(), "feedback": [], "citizens": 10**6}
    limiter = Citizen(setup, args.port, Stats(), probe_marks, random.Random(1))
    statuses = []
    for _n in range(setup["rate_limit_count"] + 1):
        status, body, _s = limiter.http.request("form_get", f"/pakn?company={limiter.company_id}")
        token = CSRF_RE.search(body)[1].decode()
        fields = [
            ("company_id", str(limiter.company_id)),
            ("kind", "phan_anh"),
            ("sender_type", "individual"),
            ("sender_name", "Trần Thị Giới Hạn"),
            ("sender_address", "1 Đường Đồng Khởi, Biên Hòa"),
            ("sender_phone", "0912345678"),
            ("subject", "Kiểm tra giới hạn gửi"),
            ("description", "Kiểm tra giới hạn số lần gửi từ một địa chỉ mạng."),
            ("website", ""),
            ("consent", "1"),
            ("csrf_token", token),
        ]
        body, ctype = multipart(fields)
        status, _answer, _s = limiter.http.request("form_post", "/pakn/gui", body, ctype)
        statuses.append(status)
    return stats, marks, elapsed, statuses


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------
def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_load_test")
    parser.add_argument("--scale", type=float, default=0.1, help="province size (0.1; 1 = full)")
    parser.add_argument("--users", type=int, default=50, help="simulated people (50)")
    parser.add_argument("--seconds", type=int, default=120, help="length of the load (120)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between actions, s (1.0)"
    )
    parser.add_argument(
        "--mix",
        default="50,20,10,20",
        help="weights of lists, note saves, task submissions, public feedback (50,20,10,20)",
    )
    parser.add_argument("--port", type=int, default=8190, help="loopback HTTP port (8190)")
    parser.add_argument("--workers", type=int, default=4, help="Odoo HTTP workers (4)")
    parser.add_argument("--max-cron-threads", type=int, default=1, help="Odoo cron workers (1)")
    parser.add_argument("--db-maxconn", type=int, default=16, help="per Odoo process (16)")
    parser.add_argument("--form-companies", type=int, default=5, help="Sở with the form on (5)")
    parser.add_argument("--seed", type=int, default=20261129)
    add_size_options(parser, users_flag="--province-users")
    args = parser.parse_args()
    args.mix = [float(value) for value in args.mix.split(",")]
    if len(args.mix) != 4:
        raise SystemExit("--mix takes four weights")
    with bench_database(args) as (cmd, addons, extra, common):
        facts = shell_call(cmd, common, "bench_province", "seed", size_options(args, args.scale))
        setup = shell_call(
            cmd,
            common,
            "load_test",
            "setup",
            {
                "facts": facts,
                "users": args.users,
                "port": args.port,
                "form_companies": args.form_companies,
            },
        )
        setup["db"] = args.db
        server_log = Path("/tmp", f"{args.db}_server.log")
        options = server_options(args)
        with OdooServer(cmd, addons, extra, args.db, args.port, server_log, args.workers, options):
            websocket_status = websocket_handshake(args.port + 1, args.port)
            log(f"websocket handshake on the gevent port: {websocket_status}")
            stats, marks, elapsed, limit_statuses = run_load(args, setup)
        log("Odoo stopped; checking the database")
        check = shell_call(
            cmd,
            common,
            "load_test",
            "check",
            {
                "feedback": marks["feedback"],
                "saves": {str(k): v for k, v in marks["saves"].items()},
                "submissions": marks["submissions"],
            },
        )
        server_errors = count_server_errors(server_log)
    return report(
        args, facts, stats, elapsed, limit_statuses, check, server_errors, options, websocket_status
    )


def count_server_errors(path):
    errors = 0
    samples = []
    try:
        for line in path.read_text(errors="replace").splitlines():
            if re.search(r" (ERROR|CRITICAL) ", line):
                errors += 1
                if len(samples) < 5:
                    samples.append(line[:300])
    except FileNotFoundError:
        pass
    return {"count": errors, "samples": samples, "log": str(path)}


def report(
    args, facts, stats, elapsed, limit_statuses, check, server_errors, options, websocket_status
):
    rows = []
    total = 0
    total_errors = 0
    for key, label in KINDS:
        times = stats.times[key]
        if not times:
            continue
        if key != "login":
            total += len(times)
            total_errors += stats.errors[key]
        rows.append(
            [
                label,
                fmt_int(len(times)),
                f"{len(times) / elapsed:.1f}" if key != "login" else "",
                f"{percentile(times, 0.5) * 1000:.0f}",
                f"{percentile(times, 0.95) * 1000:.0f}",
                f"{max(times) * 1000:.0f}",
                stats.errors[key],
            ]
        )
    print()
    print(
        f"Load test: {args.users} simulated people for {elapsed:.0f} s, think time "
        f"{args.think} s, mix {args.mix} (lists, saves, submissions, feedback); Odoo "
        f"--workers={args.workers} {' '.join(options)}; province at scale {args.scale:g} "
        f"({fmt_int(facts['users'])} users, {fmt_int(facts['tasks'])} tasks, "
        f"{fmt_int(facts['feedback'])} feedback)"
    )
    print()
    print(
        markdown_table(
            ["Request", "count", "per second", "p50 (ms)", "p95 (ms)", "max (ms)", "errors"],
            rows,
        )
    )
    print(
        f"\nAll requests (login excluded): {fmt_int(total)} in {elapsed:.0f} s = "
        f"{total / elapsed:.1f} requests/s, errors: {total_errors}; "
        f"server log ERROR/CRITICAL lines: {server_errors['count']}"
    )
    for sample in stats.error_samples[:5]:
        print(f"  error: {sample}")
    for sample in server_errors["samples"]:
        print(f"  server: {sample}")
    limited = limit_statuses[-1] == 429 and all(s == 200 for s in limit_statuses[:-1])
    print(
        f"Rate limit through X-Forwarded-For: statuses {limit_statuses} "
        f"({'refused after the limit' if limited else 'NOT AS EXPECTED'})"
    )
    websocket_ok = " 101 " in f"{websocket_status} "
    print(f"Websocket handshake on the gevent port (/websocket): {websocket_status}")
    print("\nExactly-once checks in the database:\n")
    print(
        markdown_table(
            ["Write", "accepted", "found as expected", "problems"],
            [
                [
                    "public feedback (marker in exactly one record, code matches)",
                    check["feedback"]["accepted"],
                    check["feedback"]["ok"],
                    check["feedback"]["problems"][:3] or "none",
                ],
                [
                    "result notes saved (the last saved marker is the note)",
                    check["saves"]["accepted"],
                    check["saves"]["ok"],
                    check["saves"]["problems"][:3] or "none",
                ],
                [
                    "task submissions (waiting, submitter, one approval activity)",
                    check["submissions"]["accepted"],
                    check["submissions"]["ok"],
                    check["submissions"]["problems"][:3] or "none",
                ],
            ],
        )
    )
    print(
        f"\nweb-form feedback created during the run: {check['feedback']['created']} "
        f"(accepted: {check['feedback']['accepted']} + the rate-limit probe's "
        f"{sum(1 for s in limit_statuses if s == 200)})",
        flush=True,
    )
    all_ok = (
        total_errors == 0
        and websocket_ok
        and limited
        and all(check[key]["ok"] == check[key]["accepted"] for key in check)
        and check["feedback"]["extra"] == 0
    )
    write_json(
        args.json,
        {
            "options": {k: v for k, v in vars(args).items() if k != "json"},
            "server_options": [f"--workers={args.workers}", *options],
            "facts": {k: v for k, v in facts.items() if k != "staff"},
            "elapsed": elapsed,
            "websocket": websocket_status,
            "requests": {
                key: {
                    "count": len(stats.times[key]),
                    "p50": percentile(stats.times[key], 0.5),
                    "p95": percentile(stats.times[key], 0.95),
                    "max": max(stats.times[key], default=0),
                    "mean": statistics.mean(stats.times[key]) if stats.times[key] else 0,
                    "errors": stats.errors[key],
                }
                for key, _label in KINDS
            },
            "total_per_second": total / elapsed,
            "errors": total_errors,
            "error_samples": stats.error_samples,
            "server_errors": server_errors,
            "rate_limit_statuses": limit_statuses,
            "check": check,
            "ok": all_ok,
        },
    )
    print(f"\nverdict: {'OK' if all_ok else 'PROBLEMS'}", flush=True)
    return 0 if all_ok else 1


# ----------------------------------------------------------------------------
# Odoo half (inside odoo shell)
# ----------------------------------------------------------------------------
def setup(env, options_json):
    """Enable the public form, pick the simulated users and share their tasks out."""
    options = json.loads(options_json)
    facts = options["facts"]
    companies = env["res.company"].browse(facts["so_ids"][: options["form_companies"]])
    companies.write({"cchc_feedback_public_enabled": True})
    env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{options['port']}")
    # Spread the simulated users over the Sở: round-robin on their companies.
    by_company = {}
    for person in facts["staff"]:
        by_company.setdefault(person["company_id"], []).append(person)
    chosen = []
    while len(chosen) < options["users"] and any(by_company.values()):
        for people in by_company.values():
            if people and len(chosen) < options["users"]:
                chosen.append(people.pop(0))
    Task = env["cchc.task"]
    taken = set()
    for person in chosen:
        tasks = Task.search(
            [
                ("responsible_user_ids", "in", [person["id"]]),
                ("state", "in", ("todo", "in_progress")),
                ("plan_id.state", "=", "issued"),
            ],
            order="id",
        )
        mine = [task for task in tasks if task.id not in taken]
        taken.update(task.id for task in mine)
        person["save_tasks"] = [task.id for task in mine[::2]]
        person["submit_tasks"] = [(task.id, task.state) for task in mine[1::2]]
    user = env["res.users"].browse(chosen[0]["id"])
    web = env(
        user=user.id,
        su=False,
        context={"lang": "en_US", "allowed_company_ids": [chosen[0]["company_id"]]},
    )
    env.cr.commit()
    return {
        "people": chosen,
        "form_company_ids": companies.ids,
        "rate_limit_count": companies[0].cchc_feedback_rate_limit_count,
        "task_spec": view_specification(web, "cchc.task", "list"),
        "task_count_limit": list_count_limit(web, "cchc.task"),
        "feedback_spec": view_specification(web, "cchc.feedback", "list"),
        "feedback_count_limit": list_count_limit(web, "cchc.feedback"),
    }


def check(env, options_json):
    options = json.loads(options_json)
    cr = env.cr
    result = {}
    # Public feedback: each accepted marker in exactly one record, named as the page said.
    problems = []
    ok = 0
    for entry in options["feedback"]:
        cr.execute(
            "SELECT name, company_id FROM cchc_feedback WHERE description LIKE %s",
            [f"%{entry['marker']}%"],
        )
        rows = cr.fetchall()
        if len(rows) == 1 and rows[0] == (entry["code"], entry["company_id"]):
            ok += 1
        else:
            problems.append({"marker": entry["marker"], "found": rows})
    cr.execute("SELECT count(*) FROM cchc_feedback WHERE description LIKE %s", ["%LTF-%"])
    created = cr.fetchone()[0]
    result["feedback"] = {
        "accepted": len(options["feedback"]),
        "ok": ok,
        "created": created,
        "extra": created - ok,
        "problems": problems,
    }
    # Saved notes: the last accepted save of each task is its note.
    problems = []
    ok = 0
    for task_id, marker in options["saves"].items():
        cr.execute("SELECT result_note FROM cchc_task WHERE id = %s", [int(task_id)])
        note = cr.fetchone()[0] or ""
        if note.count(marker) == 1:
            ok += 1
        else:
            problems.append({"task": task_id, "marker": marker, "note": note[:120]})
    result["saves"] = {"accepted": len(options["saves"]), "ok": ok, "problems": problems}
    # Submissions: waiting, by the user, its note, exactly one approval activity.
    approval = env.ref("cchc_outreach.mail_act_cchc_task_approval").id
    problems = []
    ok = 0
    for entry in options["submissions"]:
        cr.execute(
            """
            SELECT task.state, task.submitted_by_id, task.result_note,
                   (SELECT count(*) FROM mail_activity act
                     WHERE act.res_model = 'cchc.task' AND act.res_id = task.id
                       AND act.activity_type_id = %s)
              FROM cchc_task task WHERE task.id = %s
            """,
            [approval, entry["task_id"]],
        )
        state, submitter, note, activities = cr.fetchone()
        if (
            state == "waiting"
            and submitter == entry["user_id"]
            and (note or "").count(entry["marker"]) == 1
            and activities == 1
        ):
            ok += 1
        else:
            problems.append(
                {
                    "task": entry["task_id"],
                    "state": state,
                    "submitter": submitter,
                    "activities": activities,
                }
            )
    result["submissions"] = {
        "accepted": len(options["submissions"]),
        "ok": ok,
        "problems": problems,
    }
    return result


if __name__ == "__main__":
    sys.exit(main())
