#!/usr/bin/env python3
"""Screenshots of the running demo for the README, taken in headless Chromium.

    python3 scripts/screenshots.py http://127.0.0.1:8071 docs/img PLAN=<id> PTASK=<id>

Drives Chromium through its DevTools protocol (websocket-client, which Odoo's tours
use too): logs in as each demo role, opens the page where the app lands that role (and
a few others), and saves PNG files. Run by scripts/screenshots.sh, which starts the demo.
"""

import base64
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

SHOTS = [
    # (file, login, path, width)
    ("home_director.png", "giamdoc", "/odoo/action-cchc_outreach.cchc_action_home", 1400),
    ("home_head.png", "tp.khtc", "/odoo/action-cchc_outreach.cchc_action_home", 1400),
    ("home_staff.png", "nv.khtc", "/odoo/action-cchc_outreach.cchc_action_home", 1400),
    (
        "tasks_per_unit.png",
        "giamdoc",
        "/odoo/action-cchc_outreach.cchc_dashboard_task_action",
        1400,
    ),
    ("plan_form.png", "dieuphoi", "/odoo/action-cchc_outreach.cchc_plan_action/PLAN", 1400),
    (
        "province_ranking.png",
        "cchc_tinh",
        "/odoo/action-cchc_outreach.cchc_province_department_action",
        1400,
    ),
    (
        "province_task.png",
        "cchc_tinh",
        "/odoo/action-cchc_outreach.cchc_task_action_provincial/PTASK",
        1400,
    ),
]
# Clicked before the picture, for pages that open on another tab: (file, CSS selector).
CLICKS = {"province_task.png": ".o_notebook .nav-link[name=province]"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chrome:
    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        binary = binary or shutil.which("google-chrome")
        if not binary:
            raise SystemExit("chromium is not installed")
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="cchc_shots_")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as response:
                    pages = [p for p in json.load(response) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.ids = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{selector} not found")

    def goto(self, url):
        self.send("Page.navigate", url=url)
        time.sleep(1)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(base, out_dir, *ids):
    """``ids``: ``KEY=id`` pairs, each KEY replaced by its id in the paths (PLAN, PTASK)."""
    substitutions = dict(pair.split("=", 1) for pair in ids)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    try:
        for name, login, path, width in SHOTS:
            chrome.send("Network.clearBrowserCookies")
            chrome.send(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=860,
                deviceScaleFactor=1,
                mobile=False,
            )
            chrome.goto(f"{base}/web/login")
            chrome.wait_for("input[name=login]")
            chrome.evaluate(
                "document.querySelector('input[name=login]').value = %s;"
                "document.querySelector('input[name=password]').value = %s;"
                "document.querySelector('form.oe_login_form').submit();"
                % (json.dumps(login), json.dumps(login))
            )
            chrome.wait_for(".o_main_navbar")
            for key, record_id in substitutions.items():
                path = path.replace(key, record_id)
            chrome.goto(base + path)
            chrome.wait_for(".o_action_manager .o_view_controller")
            if name in CLICKS:
                chrome.wait_for(CLICKS[name])
                chrome.evaluate(f"document.querySelector({json.dumps(CLICKS[name])}).click()")
                time.sleep(1)
                chrome.evaluate("document.querySelector('.o_notebook').scrollIntoView()")
            time.sleep(2.5)
            # a fresh server may announce a new version: no notification on the picture
            chrome.evaluate("document.querySelectorAll('.o_notification').forEach(n => n.remove())")
            shot = chrome.send("Page.captureScreenshot", format="png")
            (out / name).write_bytes(base64.b64decode(shot["data"]))
            print(f"{out / name}: {login} {path}")
    finally:
        chrome.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *sys.argv[3:])
