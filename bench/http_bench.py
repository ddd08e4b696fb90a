"""`make bench`: every page through gunicorn, against the minimal view, in one run.

    .venv/bin/python bench/http_bench.py [--database-url postgres://…] [--seconds 3]

1. Generates a PostgreSQL database once (`generate_data`, default one province of 35 blocks ×
   15 units × 30 criteria × 3 years; reused when it is already there) and collects the static
   files.
2. Starts gunicorn (DEBUG off, `--workers 2`) on 127.0.0.1 only.
3. For each page, alternately: `--seconds` of the page, then `--seconds` of `/healthz/live` with
   the same identity (anonymous, or the same session cookie), `--rounds` times, each with
   `--clients` threads using `http.client`. Prints req/s, p50/p95/p99 latency, the workers' CPU
   per request (from /proc) and the ratio page ÷ minimal view in req/s and in CPU; then the
   workers' peak memory. Bounded: about pages × rounds × 2 × seconds.
"""

import argparse
import collections
import dataclasses
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from http import client as http_client
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "thidua-bench-2025"  # datagen.generator.PASSWORD


def server_env(args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        DATABASE_URL=args.database_url,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        AXES_FAILURE_LIMIT="100000",
        STATIC_ROOT=args.static_root,
        LOG_LEVEL="WARNING",
    )
    return env


def in_process(database_url: str) -> None:
    """This process's environment as the benchmark gives gunicorn (`server_env`), for the
    in-process tools (`profile_request.py`, `audit_insert.py`): set it before Django starts."""
    args = argparse.Namespace(database_url=database_url, static_root=str(Path("/tmp/thidua-bench")))
    os.environ.update(server_env(args))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")


def manage(env: dict, *command: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=check, text=True
    )


def ensure_database(database_url: str) -> None:
    """Create the benchmark's PostgreSQL database when it is not there yet (a fresh machine)."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(database_url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                print(f"created the database {config['NAME']}", flush=True)
    finally:
        connection.close()


def analyze(database_url: str) -> None:
    """Refresh PostgreSQL's planner statistics before measuring. Every run adds saves and audit
    records to the reused database, and a server with autovacuum off (as on these machines)
    would otherwise plan on statistics that never changed since the data was generated."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(database_url)
    connection = psycopg2.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    finally:
        connection.close()


def prepare(args, env: dict) -> None:
    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    sizes = ["--provinces", "--blocks", "--units", "--criteria", "--years"]
    values = args.size.split("x")
    command = ["generate_data", *[x for pair in zip(sizes, values, strict=True) for x in pair]]
    result = subprocess.run(
        [sys.executable, "manage.py", *command, "--seed", "1"],
        cwd=ROOT,
        env=env,
        text=True,
        stderr=subprocess.PIPE,
    )
    if result.returncode and "already here" not in result.stderr:
        sys.exit(result.stderr)
    analyze(args.database_url)
    manage(env, "collectstatic", "--noinput", "-v0")


@dataclasses.dataclass
class Targets:
    published: str
    province: str
    unit: str
    review: str
    leader: str
    sheets: list[tuple[str, str]]  # (officer username, sheet URL), one per client


def find_targets(env: dict, clients: int) -> Targets:
    """Read the URLs and accounts to use from the generated data (one small Django process)."""
    code = f"""
from blocks.models import Term
from scoring.models import ScoreSheet
from accounts.models import User
published = Term.objects.filter(status="published").order_by("-year", "pk")
pub = published.select_related("block").first()
rev = Term.objects.filter(status="review").order_by("pk").first()
leader = User.objects.filter(unit_id=rev.leader_id).first()
print("published", f"/blocks/{{pub.block_id}}/{{pub.year}}/")
print("province", f"/provinces/{{pub.block.province_id}}/")
print("unit", f"/units/{{pub.leader_id}}/")
print("review", f"/blocks/{{rev.block_id}}/{{rev.year}}/scoring/review/")
print("leader", leader.username)
sheets = ScoreSheet.objects.filter(term__status="scoring", status="draft").order_by("pk")
for s in sheets.select_related("term")[:{clients}]:
    officer = User.objects.filter(unit_id=s.unit_id).first()
    url = f"/blocks/{{s.term.block_id}}/{{s.term.year}}/scoring/units/{{s.unit_id}}/"
    print("sheet", officer.username, url)
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    found: dict = {"sheets": []}
    for line in out.splitlines():
        if not line.strip():
            continue
        key, *rest = line.split()
        if key == "sheet":
            found["sheets"].append((rest[0], rest[1]))
        elif key in {"published", "province", "unit", "review", "leader"}:
            found[key] = rest[0]
    return Targets(**found)


# --- A tiny HTTP client: one connection per request (gunicorn's sync workers close them) ---


@dataclasses.dataclass
class Answer:
    status: int
    body: str
    cookies: dict
    location: str


def request(
    port: int,
    method: str,
    path: str,
    cookies: dict,
    form: dict | None = None,
    *,
    host: str = HOST,
    timeout: float = 30,
) -> Answer:
    connection = http_client.HTTPConnection(host, port, timeout=timeout)
    headers = {"Host": host, "Accept-Language": "vi"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{host}:{port}{path}"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    connection.close()
    return Answer(response.status, text, jar, response.getheader("Location") or "")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input[^>]*>")
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def login_form(port: int) -> tuple[dict, str]:
    page = request(port, "GET", "/accounts/login/", {})
    return page.cookies, CSRF_INPUT.search(page.body).group(1)


def sign_in(port: int, username: str) -> dict:
    cookies, token = login_form(port)
    answer = request(
        port,
        "POST",
        "/accounts/login/",
        cookies,
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
    )
    assert answer.status == 302, (username, answer.status)
    return {**cookies, **answer.cookies}


def sheet_form(html: str) -> dict:
    """The self-scoring form's inputs (hidden version, points, notes) as the page shows them."""
    start = html.index('name="version"')
    form_start = html.rindex("<form", 0, start)
    form_end = html.index("</form>", start)
    fields = {}
    for tag in INPUT.findall(html[form_start:form_end]):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs and attrs.get("type") not in {"file", "submit"}:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


class SheetSaver:
    """One officer saving one sheet again and again, changing one figure each time (1 ↔ 2)."""

    def __init__(self, port: int, username: str, url: str) -> None:
        self.port, self.url = port, url
        self.cookies = sign_in(port, username)
        page = request(port, "GET", url, self.cookies)
        self.cookies.update(page.cookies)
        self.form = sheet_form(page.body)
        self.form["csrfmiddlewaretoken"] = CSRF_INPUT.search(page.body).group(1)
        self.points = sorted(k for k in self.form if k.startswith("points_"))

    def save(self) -> int:
        # Always a change: a save that changes nothing keeps the sheet's version, and the next
        # save would then carry a version one ahead and be refused as stale.
        field = self.points[0]
        one = self.form[field].replace(",", ".") in {"1", "1.0", "1.00"}
        self.form[field] = "2" if one else "1"
        answer = request(self.port, "POST", self.url, self.cookies, self.form)
        if answer.status == 302:
            self.form["version"] = str(int(self.form["version"]) + 1)
        return answer.status


# --- Measuring ---------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()]


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def peak_memory_mib(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


@dataclasses.dataclass
class Window:
    latencies: list = dataclasses.field(default_factory=list)
    errors: int = 0
    refused: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    seconds: float = 0.0
    cpu: float = 0.0


def drive(actions: list[Callable[[], int]], seconds: float, pids: list[int], ok: set) -> Window:
    """Run each action in its own thread, over and over, for `seconds`."""
    window = Window()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(action):
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status = action()
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                window.latencies.append(elapsed)
                if status not in ok:
                    window.errors += 1
                    window.refused[status] += 1

    cpu_before, started = cpu_seconds(pids), time.monotonic()
    threads = [threading.Thread(target=loop, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window.seconds = time.monotonic() - started
    window.cpu = cpu_seconds(pids) - cpu_before
    return window


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(windows: list[Window]) -> dict:
    latencies = [x for w in windows for x in w.latencies]
    count = len(latencies)
    seconds = sum(w.seconds for w in windows)
    return {
        "rps": count / seconds,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "cpu": sum(w.cpu for w in windows) / max(count, 1) * 1000,
        "errors": sum(w.errors for w in windows),
        "refused": sum((w.refused for w in windows), collections.Counter()),
        "count": count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thidua_bench")
    parser.add_argument("--size", default="1x35x15x30x3", help="provinces x blocks x units x …")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--only",
        default="",
        help="only the pages whose names contain one of these (comma-separated)",
    )
    parser.add_argument("--static-root", default=str(Path(tempfile.gettempdir()) / "thidua-bench"))
    args = parser.parse_args()
    env = server_env(args)
    prepare(args, env)
    targets = find_targets(env, args.clients)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "emulation.wsgi:application", "--workers",
         str(args.workers), "--bind", f"{HOST}:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        run(args, targets, server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_live(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz/live", {}).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def run(args, targets: Targets, master: int) -> None:
    """Drive every page and action against the minimal view, alternately, and print the table.

    Long on purpose: a benchmark reads top to bottom as the steps it measures, in order, and
    splitting it would scatter the one sequence a reader checks the figures against.
    """
    port = args.port
    wait_until_live(port)
    pids = worker_pids(master)
    leader = sign_in(port, targets.leader)
    officers = [sign_in(port, username) for username, _url in targets.sheets]
    savers = [SheetSaver(port, username, url) for username, url in targets.sheets]
    login_token = login_form(port)
    login_user = targets.sheets[0][0]

    def get(path: str, cookies: dict) -> Callable[[], int]:
        return lambda: request(port, "GET", path, cookies).status

    def login() -> int:
        cookies, token = login_token
        form = {"csrfmiddlewaretoken": token, "username": login_user, "password": PASSWORD}
        return request(port, "POST", "/accounts/login/", cookies, form).status

    anonymous = [{}] * args.clients
    leaders = [leader] * args.clients
    pages = [
        ("Published ranking (public)", [get(targets.published, c) for c in anonymous], anonymous),
        ("Province page (public)", [get(targets.province, c) for c in anonymous], anonymous),
        ("Home (public)", [get("/", c) for c in anonymous], anonymous),
        ("Unit history (public)", [get(targets.unit, c) for c in anonymous], anonymous),
        ("Review grid (leader)", [get(targets.review, c) for c in leaders], leaders),
        (
            "Self-scoring page",
            [get(url, c) for (_u, url), c in zip(targets.sheets, officers, strict=True)],
            officers,
        ),
        ("Sheet save (POST)", [s.save for s in savers], [s.cookies for s in savers]),
        ("Login (POST)", [login] * args.clients, anonymous),
    ]
    print(
        f"\ngunicorn --workers {args.workers}, {args.clients} clients, "
        f"{args.rounds} × {args.seconds:g} s per page and per minimal view, alternated\n"
    )
    header = (
        f"{'Page or action':<28} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'CPU/req':>8} {'live req/s':>10} {'÷ live':>7} {'CPU ÷':>6} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, actions, identities in pages:
        if not any(part.strip().lower() in name.lower() for part in args.only.split(",")):
            continue
        ok = {302} if "POST" in name else {200}
        page_windows, live_windows = [], []
        for _round in range(args.rounds):
            page_windows.append(drive(actions, args.seconds, pids, ok))
            live = [get("/healthz/live", cookies) for cookies in identities]
            live_windows.append(drive(live, args.seconds, pids, {200}))
        page, live = summary(page_windows), summary(live_windows)
        print(
            f"{name:<28} {page['rps']:7.1f} {page['p50']:5.0f}ms {page['p95']:5.0f}ms "
            f"{page['p99']:5.0f}ms {page['cpu']:6.1f}ms {live['rps']:10.1f} "
            f"{page['rps'] / live['rps']:7.1%} {live['cpu'] / max(page['cpu'], 0.001):6.1%} "
            f"{page['errors']:6d}",
            flush=True,
        )
        if page["refused"]:  # which answers: 0 is a connection error or timeout
            answers = ", ".join(f"{n} × {status}" for status, n in sorted(page["refused"].items()))
            print(f"{'':<28} refused answers: {answers}", flush=True)
    print(f"\nPeak worker memory (VmHWM): {peak_memory_mib(pids):.0f} MiB")


if __name__ == "__main__":
    main()
