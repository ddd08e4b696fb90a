"""The rush on the embedded default: many officers saving their sheets at once on SQLite.

Starts the app as `make run` serves it (runserver, threaded, DEBUG on, a fresh SQLite file with
the demo data), gives every member unit of the demo block whose scoring is open some officers,
and lets CLIENTS of them save their sheet in a loop for SECONDS. Prints the answers by status;
the figure that matters is the count of server errors (5xx), which must be 0. Conflicts (two
officers of one unit saving the same version) are answered with the conflict page and are fine.

    .venv/bin/python bench/sqlite_rush.py [CLIENTS] [SECONDS]
"""

import collections
import html.parser
import http.cookiejar
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Rush@2026-sqlite"

SETUP = """
from blocks.models import Term
from accounts.models import User
from scoring.models import ScoreSheet
term = Term.objects.filter(status="scoring").order_by("-year").first()
sheets = ScoreSheet.objects.filter(term=term).exclude(unit_id=term.leader_id).select_related("unit")
# A throwaway copy of the demo: every member sheet open for editing, as on the first days.
sheets.update(status="draft")
units = [s.unit for s in sheets]
for n in range({clients}):
    unit = units[n % len(units)]
    user, _ = User.objects.get_or_create(username=f"rush{{n}}", defaults={{"unit": unit}})
    user.unit = unit
    user.must_change_password = False
    user.set_password("{password}")
    user.save()
print(term.block_id, term.year)
"""


class FormFields(html.parser.HTMLParser):
    """The fields of the page's form that posts to the sheet itself."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.numeric: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and "enctype" in a:
            self._in_form = True
        elif tag == "input" and self._in_form and a.get("name"):
            if a.get("type") in ("file", "submit", "checkbox"):
                return
            self.fields[a["name"]] = a.get("value", "")
            if a.get("inputmode") == "decimal":
                self.numeric.append(a["name"])
        elif tag == "textarea" and self._in_form and a.get("name"):
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, *args, **kw):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, **kw
    )


def _csrf(jar) -> str:
    return next(c.value for c in jar if c.name == "csrftoken")


def _client(base, n, term_path, window, counts, lock):
    try:
        _saves(base, n, term_path, window, counts, lock)
    except Exception as exc:  # a client that cannot go on is counted, never silent
        with lock:
            counts[f"client failed: {exc!r}"[:120]] += 1


def _saves(base, n, term_path, window, counts, lock):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    login = urllib.parse.urlencode(
        {"username": f"rush{n}", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(jar)}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", login, {"Referer": base}))
    # Everyone signs in first; the clock of the rush starts when the last one is in.
    window.wait()
    while time.monotonic() < window.until:
        page = opener.open(f"{base}{term_path}scoring/")
        url, body = page.geturl(), page.read().decode()
        form = FormFields()
        form.feed(body)
        if "csrfmiddlewaretoken" not in form.fields:
            raise RuntimeError(f"no sheet form at {url}")
        data = dict(form.fields, save="")
        for name in form.numeric[:3]:
            data[name] = random.choice(["0,5", "1", "0"])
        request = urllib.request.Request(
            url, urllib.parse.urlencode(data).encode(), {"Referer": url}
        )
        try:
            status = opener.open(request).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        with lock:
            counts[status] += 1


def _start(window, seconds):
    window.until = time.monotonic() + seconds


def main(clients: int = 16, seconds: int = 15) -> int:
    """Set up a throw-away demo, serve it, let the officers save at once, count the answers.

    Long on purpose: a benchmark reads top to bottom as the steps it measures, in order, and
    splitting it would scatter the one sequence a reader checks the figures against.
    """
    work = Path(tempfile.mkdtemp(prefix="thidua-rush-"))
    env = dict(
        os.environ,
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{work / 'rush.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        AXES_ENABLED="0",
    )
    _manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    _manage(env, "seed_demo", stdout=subprocess.DEVNULL)
    out = _manage(
        env,
        "shell",
        "-c",
        SETUP.format(clients=clients, password=PASSWORD),
        capture_output=True,
    ).stdout.split()
    block_id, year = out[-2], out[-1]
    port = _free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/").read()
                break
            except OSError:
                time.sleep(0.2)
        counts: collections.Counter = collections.Counter()
        lock = threading.Lock()
        window = threading.Barrier(clients, action=lambda: _start(window, seconds))
        threads = [
            threading.Thread(
                target=_client,
                args=(base, n, f"/blocks/{block_id}/{year}/", window, counts, lock),
            )
            for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
        log.close()
    locked = (work / "server.log").read_text().count("database is locked")
    total = sum(v for k, v in counts.items() if isinstance(k, int))
    errors = sum(v for k, v in counts.items() if not isinstance(k, int) or k >= 500)
    print(f"SQLite rush: {clients} officers saving for {seconds} s on runserver")
    print(f"  saves answered: {total}  by status: {dict(counts)}")
    print(f"  server errors: {errors}  'database is locked' in the log: {locked}")
    return 1 if errors or locked or not total else 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))
