"""Take the README screenshots from a running `make run` server with headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [--url URL] [--out docs/screenshots] [--only a.png]
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
# Opens the form of a demo record, given its XML id: (module, name, action)
OPEN_RECORD = (
    "fetch('/web/dataset/call_kw/ir.model.data/search_read', {{method: 'POST',"
    " headers: {{'Content-Type': 'application/json'}}, body: JSON.stringify({{jsonrpc: '2.0',"
    " method: 'call', params: {{model: 'ir.model.data', method: 'search_read',"
    " args: [[['module', '=', '{0}'], ['name', '=', '{1}']], ['res_id']], kwargs: {{}}}}}})}})"
    ".then((r) => r.json())"
    ".then(({{result}}) => {{ location.href = '/odoo/action-{2}/' + result[0].res_id; }})"
)
# Screens that need a few clicks: (file, url, scripts run one after the other once the page is
# there, a few seconds apart, window size)
SCRIPTED_SHOTS = [
    (
        "consult360.png",
        "/odoo/consulta-360",
        [
            "const input = document.querySelector('.o_case_360_query');"
            "input.value = 'valentina.ortiz@example.com';"
            "input.dispatchEvent(new Event('input', {bubbles: true}));"
            "document.querySelector('.o_case_360_search').click();"
        ],
        (1440, 900),
    ),
    (
        # a ticket of the credit-note workflow: status bar, note buttons, the linked note
        "credit_note_ticket.png",
        "/odoo/action-helpdesk_case.case_ticket_action",
        [
            OPEN_RECORD.format(
                "helpdesk_case",
                "ticket_demo_invoice_settlement_error",
                "helpdesk_case.case_ticket_action",
            ),
            "document.querySelector('.o_notebook a[name=\"case_account\"]').click();",
        ],
        # tall enough for the note under the form, wide enough for the whole status bar
        (1920, 1080),
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

    def resize(self, width, height):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

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
    parser.add_argument("--only", nargs="*", help="file names to take (default: all)")
    args = parser.parse_args()

    def wanted(name):
        return not args.only or name in args.only

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.resize(1440, 900)
        for name, path in PUBLIC_SHOTS.items():
            if not wanted(name):
                continue
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
            if not wanted(name):
                continue
            browser.goto(args.url + path, wait=8)
            browser.shot(out / name)
            print("wrote", out / name)
        for name, path, scripts, (width, height) in SCRIPTED_SHOTS:
            if not wanted(name):
                continue
            browser.resize(width, height)
            browser.goto(args.url + path, wait=8)
            for script in scripts:
                browser.js(script)
                time.sleep(6)
            browser.shot(out / name)
            print("wrote", out / name)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
