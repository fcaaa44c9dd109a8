"""Take the README screenshots from a running `make run` server with headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [--url URL] [--out docs/screenshots]
Drives Chromium through the DevTools protocol (websocket-client), logs in as admin/admin.
"""

import argparse
import base64
import json
import pathlib
import subprocess
import tempfile
import time
import urllib.request

import websocket

SHOTS = {
    "tickets_kanban.png": "/odoo/action-helpdesk_case.case_ticket_action",
    "tickets_list.png": "/odoo/action-helpdesk_case.case_ticket_action?view_type=list",
    "queues_overview.png": "/odoo/action-helpdesk_case.case_queue_action_overview",
}
# Screens that need a few clicks: (file, url, script run once the page is there)
SCRIPTED_SHOTS = [
    (
        "consult360.png",
        "/odoo/consulta-360",
        "const input = document.querySelector('.o_case_360_query');"
        "input.value = 'andres.ramirez@example.com';"
        "input.dispatchEvent(new Event('input', {bubbles: true}));"
        "document.querySelector('.o_case_360_search').click();",
    ),
]
# Pages of anonymous visitors, taken before logging in
PUBLIC_SHOTS = {"support_form.png": "/support/new"}


class Browser:
    def __init__(self, port=9333):
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                break
            except OSError:
                time.sleep(0.2)
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def goto(self, url, wait=4):
        self.call("Page.navigate", url=url)
        time.sleep(wait)

    def js(self, expression):
        return self.call("Runtime.evaluate", expression=expression)

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.process.terminate()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        for name, path in PUBLIC_SHOTS.items():
            browser.goto(f"{args.url}{path}?lang=es_ES", wait=4)
            browser.shot(out / name)
            print("wrote", out / name)
        browser.goto(f"{args.url}/web/login?lang=es_ES", wait=2)
        browser.js(
            "document.querySelector('#login').value='admin';"
            "document.querySelector('#password').value='admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)
        for name, path in SHOTS.items():
            browser.goto(args.url + path, wait=8)
            browser.shot(out / name)
            print("wrote", out / name)
        for name, path, script in SCRIPTED_SHOTS:
            browser.goto(args.url + path, wait=8)
            browser.js(script)
            time.sleep(4)
            browser.shot(out / name)
            print("wrote", out / name)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
