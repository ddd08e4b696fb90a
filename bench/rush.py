"""`make bench-rush`: the year-end rush — hundreds of unit officers at once, through gunicorn.

    .venv/bin/python bench/rush.py [--officers 300] [--window 600] [--database-url postgres://…]
    .venv/bin/python bench/rush.py --quick          # 30 officers over 30 s, for development

Each officer, arriving at a random moment of `--window` seconds (seeded, so the same run twice
has the same arrivals), does what a person does in a browser:

1. opens the login page (with `?next=` their sheet, as the link in the opening e-mail does);
2. signs in (a real form post with the CSRF token) and follows the redirect to their sheet: a
   30-criterion self-scoring page;
3. saves the sheet twice, each time changing every scored figure to a new value typed the
   Vietnamese way ("2,5"), with the sheet's version field as the page gave it; after each save
   the redirect is followed and the page is checked to show the values typed (saved and stored);
4. opens the ranking: the block's latest published ranking (a member unit sees the live
   ranking of the open year only once the leader shares it, so the published one is what an
   officer can open during the rush).

The officers are the generated accounts (`datagen`) whose sheet of the open year can still be
edited (not started or draft); the database is made the way `make bench` makes it, and the
same one is reused (default one province of 35 blocks × 15 units × 30 criteria × 3 years:
about 350 editable sheets).

Before the rush, one more officer visits three times, one request at a time, to measure the CPU
of each kind of request (waiting for a CPU costs none, so this holds on a busy machine).

It prints the errors (any answer outside 2xx/3xx, an unexpected status, a save refused, a value
not stored, no answer within 120 s), p50/p95/p99 for logins, page opens and saves separately,
the CPU per request of each kind and of a whole visit, what the workers and PostgreSQL spent
and how long the workers waited for a CPU, and the targets of issue #13 as PASS/FAIL lines:
0 errors, p95 ≤ 1 s for pages and saves, p95 ≤ 2 s for logins. Run time: the window plus the
last officers' visits (more when the machine is busy).
"""

import argparse
import contextlib
import dataclasses
import html.parser
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import http_bench
from http_bench import CSRF_INPUT, PASSWORD

ROOT = Path(__file__).resolve().parent.parent
HALF = Decimal("0.5")
TARGETS = {"login": 2.0, "page": 1.0, "save": 1.0}  # seconds at p95, issue #13


# --- Whom to send: the officers and their URLs (runs inside Django) ----------------------


@dataclasses.dataclass(frozen=True)
class Target:
    username: str
    sheet: str  # the self-scoring page of the open year
    ranking: str  # the block's latest published ranking


def plan(count: int) -> list[Target]:
    """`count` officers whose sheet of the open year they may still edit, in a stable order.

    Three queries whatever the count: the sheets, their units' officers, the published years.
    """
    from django.urls import reverse

    from accounts.models import User
    from blocks.models import Term
    from scoring.models import ScoreSheet

    editable = [ScoreSheet.Status.NOT_STARTED, ScoreSheet.Status.DRAFT]
    sheets = list(
        ScoreSheet.objects.filter(term__status=Term.Status.SCORING, status__in=editable)
        .exclude(unit__officers=None)
        .select_related("term")
        .order_by("pk")[:count]
    )
    officers: dict[int, str] = {}
    for unit_id, username in (
        User.objects.filter(unit_id__in=[s.unit_id for s in sheets], is_active=True)
        .order_by("-pk")
        .values_list("unit_id", "username")
    ):
        officers[unit_id] = username  # the first account of each unit wins (ordered last)
    published: dict[int, int] = dict(
        Term.objects.filter(
            status=Term.Status.PUBLISHED, block_id__in={s.term.block_id for s in sheets}
        )
        .order_by("block_id", "year")
        .values_list("block_id", "year")
    )  # the latest year of each block wins (ordered last)
    targets = []
    for sheet in sheets:
        block, year = sheet.term.block_id, sheet.term.year
        ranking_year = published.get(block)
        targets.append(
            Target(
                username=officers[sheet.unit_id],
                sheet=reverse("scoring:sheet", args=[block, year, sheet.unit_id]),
                ranking=(
                    reverse("portal:term_ranking", args=[block, ranking_year])
                    if ranking_year
                    else reverse("portal:block_detail", args=[block])
                ),
            )
        )
    return targets


def print_plan(count: int) -> None:
    """What the `manage.py shell` subprocess prints for `find_targets`."""
    for target in plan(count):
        print("officer", target.username, target.sheet, target.ranking)


def find_targets(env: dict, count: int) -> list[Target]:
    code = f"import sys; sys.path.append('bench'); import rush; rush.print_plan({count})"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rows = [line.split()[1:] for line in out.splitlines() if line.startswith("officer ")]
    return [Target(*row) for row in rows]


# --- Reading the sheet's form as a browser would -----------------------------------------


class SheetForm(html.parser.HTMLParser):
    """The fields of the form that holds the sheet's `version`, with their shown values.

    Inputs (text, hidden, number), text areas and selects, as a browser would send them; file
    inputs are left out (no upload in the rush). `numbers` holds each points field's criterion
    kind and maximum (its `data-kind` and `data-max`), so new values stay within the scale.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)
        self.close()
        chosen = next((f for f in self.forms if "version" in f["fields"]), None)
        if chosen is None:
            raise ValueError("no form with a version field on the page")
        self.fields: dict[str, str] = chosen["fields"]
        self.numbers: dict[str, tuple[str, Decimal]] = chosen["numbers"]
        self.submit: dict[str, str] = chosen["submit"]

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {"fields": {}, "numbers": {}, "submit": {}}
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                return
            if kind == "submit":
                # The plain "save" button: the first named submit without another action.
                if not self._form["submit"] and "formaction" not in a:
                    self._form["submit"] = {name: a.get("value", "")}
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"][name] = a.get("value", "")
            if "data-max" in a and "data-kind" in a:
                self._form["numbers"][name] = (a["data-kind"], Decimal(a["data-max"]))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not self._form["submit"] and "formaction" not in a:
                self._form["submit"] = {name: a.get("value", "")}
        elif tag == "textarea":
            self._textarea = name
            self._form["fields"][name] = ""
        elif tag == "select":
            self._select = name
            self._form["fields"].setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


def number(text: str) -> Decimal | None:
    """A figure as the page shows it ("2,5", "3", "") or as typed."""
    text = text.strip().replace("\xa0", "")
    if "," in text:  # Vietnamese: "." groups thousands, "," marks the decimals
        text = text.replace(".", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def typed(value: Decimal) -> str:
    """How a Vietnamese officer types a figure: "2,5", "3" (never "3,0" or "2.5")."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.normalize()).replace(".", ",")


def changed_values(form: SheetForm, rng: random.Random) -> dict[str, str]:
    """A new figure for every scored criterion: a half point step within its maximum, always
    different from the one shown (bonus and deduction lines are left as they are)."""
    out = {}
    for name, (kind, maximum) in sorted(form.numbers.items()):
        if kind != "scored" or maximum < HALF:
            continue
        current = number(form.fields.get(name, ""))
        steps = [HALF * k for k in range(int(maximum / HALF) + 1)]
        out[name] = typed(rng.choice([s for s in steps if s != current]))
    return out


# --- One officer's visit -----------------------------------------------------------------


class Failure(Exception):
    """The officer cannot go on: counted once as an error with its reason."""


@dataclasses.dataclass
class Record:
    """Everything the officers measured, shared between their threads (under `lock`)."""

    latencies: dict[str, list[float]] = dataclasses.field(
        default_factory=lambda: {"login": [], "page": [], "save": []}
    )
    by_label: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    errors: Counter = dataclasses.field(default_factory=Counter)
    # Each officer's figures of their last accepted save, as typed (for the test's check).
    stored: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    completed: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    requests: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    # Called after each answer with its label (the calibration reads the workers' CPU there).
    on_answer: Callable[[str], None] | None = None

    def timing(self, kind: str, label: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.by_label.setdefault(label, []).append(seconds)
            self.requests += 1
            if self.on_answer:
                self.on_answer(label)


class Officer:
    """One officer's visit: login page, sign in, sheet, two saves, ranking."""

    def __init__(self, target: Target, *, host: str, port: int, record: Record, seed: int):
        self.target, self.host, self.port, self.record = target, host, port, record
        self.rng = random.Random(f"{seed}:{target.username}")
        self.cookies: dict[str, str] = {}

    def call(self, kind: str, label: str, method: str, path: str, form=None, expect=(200,)):
        started = time.perf_counter()
        try:
            answer = http_bench.request(
                self.port, method, path, self.cookies, form, host=self.host, timeout=120
            )
        except TimeoutError as exc:
            raise Failure(f"{label}: no answer within 120 s") from exc
        except OSError as exc:
            raise Failure(f"{label}: {type(exc).__name__}") from exc
        self.record.timing(kind, label, time.perf_counter() - started)
        self.cookies.update(answer.cookies)
        if answer.status not in expect:
            raise Failure(f"{label}: HTTP {answer.status}")
        return answer

    def visit(self, think: float = 0.0) -> None:
        """The whole visit; a failure stops it and is counted with its reason."""
        record = self.record
        with record.lock:
            record.in_flight += 1
            record.most_in_flight = max(record.most_in_flight, record.in_flight)
        try:
            self._visit(think)
        except Failure as failure:
            with record.lock:
                record.errors[str(failure)] += 1
        except Exception as exc:  # a bug in the driver is reported, never silent
            with record.lock:
                record.errors[f"driver: {exc!r}"[:120]] += 1
        else:
            with record.lock:
                record.completed += 1
        finally:
            with record.lock:
                record.in_flight -= 1

    def _visit(self, think: float) -> None:
        sheet = self.target.sheet
        query = urllib.parse.urlencode({"next": sheet})
        page = self.call("page", "login page", "GET", f"/accounts/login/?{query}")
        token = CSRF_INPUT.search(page.body).group(1)
        form = {"csrfmiddlewaretoken": token, "username": self.target.username}
        form.update(password=PASSWORD, next=sheet)
        answer = self.call("login", "login", "POST", "/accounts/login/", form, expect=(302,))
        if urllib.parse.urlsplit(answer.location).path != sheet:
            raise Failure(f"login: sent to {answer.location or 'nowhere'}, not the sheet")
        page = self.call("page", "sheet", "GET", sheet)
        for _save in range(2):
            time.sleep(think)
            page = self.save(page)
        time.sleep(think)
        self.call("page", "ranking", "GET", self.target.ranking)

    def save(self, page: http_bench.Answer) -> http_bench.Answer:
        """Change every scored figure, post the form, follow the redirect, check the figures."""
        try:
            form = SheetForm(page.body)
        except ValueError as exc:
            raise Failure("sheet: no editable form") from exc
        values = changed_values(form, self.rng)
        if not values:
            raise Failure("sheet: no scored criterion to change")
        data = {**form.fields, **form.submit, **values}
        answer = self.call("save", "save", "POST", self.target.sheet, data, expect=(200, 302))
        if answer.status != 302:
            raise Failure("save refused (the form came back)")
        with self.record.lock:
            self.record.stored[self.target.username] = values
        page = self.call("page", "sheet", "GET", urllib.parse.urlsplit(answer.location).path)
        shown = SheetForm(page.body).fields
        if any(number(shown.get(k, "")) != number(v) for k, v in values.items()):
            raise Failure("save: the page does not show the values typed")
        return page


def rush(
    targets: list[Target],
    *,
    host: str,
    port: int,
    window: float,
    seed: int,
    think: float = 0.0,
    together: bool = True,
) -> Record:
    """Send every officer at their arrival time within `window` seconds; wait for all.

    `together=False` lets each visit finish before the next officer arrives: for a server
    that cannot take concurrent requests (the test suite's live server on in-memory SQLite).
    """
    record = Record()
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, window) for _ in targets)
    started = time.monotonic()
    threads = []
    for at, target in zip(arrivals, targets, strict=True):
        delay = started + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        officer = Officer(target, host=host, port=port, record=record, seed=seed)
        if not together:
            officer.visit(think)
            continue
        thread = threading.Thread(target=officer.visit, args=(think,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return record


# --- Measuring the server ----------------------------------------------------------------


def tree_cpu(master: int) -> float:
    """CPU seconds of gunicorn's workers: those alive, plus those already replaced."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{master}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[13]) + int(fields[14])) / ticks  # cutime, cstime: reaped children
    for pid in http_bench.worker_pids(master):
        # A worker that just ended is counted in cutime at the next reading.
        with contextlib.suppress(FileNotFoundError):
            total += http_bench.cpu_seconds([pid])
    return total


def run_queue_wait(master: int) -> float:
    """Seconds gunicorn's live workers spent runnable but waiting for a CPU (schedstat).

    The answer to "slow, or starved?": a worker that waits on the run queue as long as it runs
    doubles every latency without costing a millisecond more of CPU.
    """
    total = 0
    for pid in http_bench.worker_pids(master):
        with contextlib.suppress(FileNotFoundError, ValueError, IndexError):
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[1])
    return total / 1e9


def cpu_pressure() -> float | None:
    """Seconds during which some task of this machine waited for a CPU (PSI), if available."""
    try:
        for row in Path("/proc/pressure/cpu").read_text().splitlines():
            if row.startswith("some"):
                return int(row.rsplit("total=", 1)[1]) / 1e6
    except (FileNotFoundError, ValueError, IndexError):
        return None
    return None


def database_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving this database, by process id.

    Only meaningful when PostgreSQL runs on this machine (the processes are then visible);
    the difference of two readings is what the database did for the benchmark, since the
    workers keep their connections (`DB_CONN_MAX_AGE`).
    """
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if command.startswith("postgres:") and f" {name} " in command:
                found[int(entry.name)] = http_bench.cpu_seconds([int(entry.name)])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`; its output (warnings, tracebacks) goes to a log file."""
    log = Path(tempfile.gettempdir()) / f"thidua-bench-gunicorn-{port}.log"
    print(f"gunicorn on port {port}, {workers} worker(s); its log: {log}", flush=True)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "emulation.wsgi:application", "--workers",
             str(workers), "--bind", f"{http_bench.HOST}:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


LABELS = ("login page", "login", "sheet", "save", "ranking")
VISIT = {"login page": 1, "login": 1, "sheet": 3, "save": 2, "ranking": 1}  # requests per visit


def calibrate(
    target: Target, *, port: int, master: int, database_url: str, seed: int, visits: int = 3
) -> dict[str, tuple[float, float]]:
    """CPU per request of each kind, in the workers and in PostgreSQL: `visits` visits of one
    officer, one request at a time.

    With nothing else of ours in flight, the CPU spent between two answers is the CPU of the
    request in between, however busy the machine is (waiting costs no CPU). The first visit
    warms the workers (imports, templates, connections) and is left out.
    """
    samples: dict[str, list[float]] = {label: [] for label in LABELS}
    database: dict[str, list[float]] = {label: [] for label in LABELS}
    last = [tree_cpu(master), database_cpu(database_url)]
    for n in range(visits + 1):

        def on_answer(label: str, keep: bool = n > 0) -> None:
            now = [tree_cpu(master), database_cpu(database_url)]
            if keep:
                samples[label].append(now[0] - last[0])
                database[label].append(cpu_since(last[1], now[1]))
            last[:] = now

        record = Record(on_answer=on_answer)
        Officer(target, host=http_bench.HOST, port=port, record=record, seed=seed + n).visit()
        if record.errors:
            sys.exit(f"The calibration visit failed: {dict(record.errors)}")

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    return {label: (median(samples[label]), median(database[label])) for label in LABELS}


class DatabaseSampler(threading.Thread):
    """Reads the CPU of this database's PostgreSQL backends every second during the run.

    Backends come and go (a worker reconnects after `DB_CONN_MAX_AGE`), so two readings alone
    would miss those that ended in between; the last value seen of each is kept.
    """

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.first = database_cpu(database_url)
        self.seen = dict(self.first)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.seen.update(database_cpu(self.database_url))

    def stop(self) -> float:
        self.done.set()
        self.join()
        self.seen.update(database_cpu(self.database_url))
        return cpu_since(self.first, self.seen)


@dataclasses.dataclass
class Machine:
    """What the server and the machine did during the run (differences of two readings)."""

    seconds: float = 0.0
    cpu: float = 0.0  # gunicorn workers, user + system
    wait: float = 0.0  # gunicorn workers, runnable but not running
    db_cpu: float = 0.0  # PostgreSQL backends of the benchmark's database
    driver_cpu: float = 0.0  # this process: the officers' threads
    pressure: float | None = None  # seconds some task waited for a CPU
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average, before and after

    @classmethod
    def reading(cls, master: int) -> dict:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "at": time.monotonic(),
            "cpu": tree_cpu(master),
            "wait": run_queue_wait(master),
            "driver": usage.ru_utime + usage.ru_stime,
            "pressure": cpu_pressure(),
            "load": os.getloadavg()[0],
        }

    @classmethod
    def between(cls, before: dict, after: dict) -> "Machine":
        pressure = None
        if before["pressure"] is not None and after["pressure"] is not None:
            pressure = after["pressure"] - before["pressure"]
        return cls(
            seconds=after["at"] - before["at"],
            cpu=after["cpu"] - before["cpu"],
            wait=after["wait"] - before["wait"],
            driver_cpu=after["driver"] - before["driver"],
            pressure=pressure,
            load=(before["load"], after["load"]),
        )


def report(record: Record, *, args, machine: Machine, unit_cpu: dict) -> int:
    """Print the figures and the PASS/FAIL lines; the exit status is 1 if a target is missed."""
    print(
        f"\nRush: {args.officers} officers arriving over {args.window:g} s "
        f"(gunicorn --workers {args.workers}, think time {args.think:g} s); "
        f"{record.completed} visits completed in {machine.seconds:.0f} s, "
        f"{record.requests} requests, "
        f"at most {record.most_in_flight} officers at once"
    )
    header = f"{'':<22} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
    print("\n" + header + "\n" + "-" * len(header))
    rows = [("Logins", record.latencies["login"]), ("Page opens", record.latencies["page"])]
    rows += [(f"  {label}", record.by_label.get(label, [])) for label in ("login page", "sheet")]
    rows += [("  ranking", record.by_label.get("ranking", []))]
    rows += [("Saves", record.latencies["save"])]
    for name, values in rows:
        if values:
            p50, p95, p99 = (http_bench.percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
            print(
                f"{name:<22} {len(values):6d} {p50:6.0f}ms {p95:6.0f}ms {p99:6.0f}ms "
                f"{max(values) * 1000:6.0f}ms"
            )
    errors = sum(record.errors.values())
    print(f"\nErrors: {errors}")
    for reason, count in record.errors.most_common():
        print(f"  {count:5d} × {reason}")
    cpu, seconds = machine.cpu, machine.seconds
    visit = sum(unit_cpu[label][0] * count for label, count in VISIT.items())
    visit_db = sum(unit_cpu[label][1] * count for label, count in VISIT.items())
    print("\nCPU per request, measured one at a time before the rush (median of 3 visits):")
    print(f"  {'':<12} {'workers':>8} {'PostgreSQL':>11}  per visit  share")
    for label in LABELS:
        app, db = unit_cpu[label]
        share = (app + db) * VISIT[label] / max(visit + visit_db, 0.001)
        print(
            f"  {label:<12} {app * 1000:6.0f}ms {db * 1000:9.0f}ms  × {VISIT[label]}      "
            f"{share:5.0%}"
        )
    print(
        f"  a whole visit: {visit * 1000:.0f} ms in the workers + {visit_db * 1000:.0f} ms in "
        f"PostgreSQL"
    )
    print(
        f"\nDuring the rush: workers' CPU {cpu:.1f} s, "
        f"{cpu / max(record.requests, 1) * 1000:.0f} ms per answered request, "
        f"{cpu / seconds / args.workers:.0%} of {args.workers} workers' wall time; they waited "
        f"{machine.wait:.1f} s for a CPU (run queue), {machine.wait / max(cpu, 0.001):.1f} s "
        f"per second of CPU they got."
    )
    print(
        f"PostgreSQL's CPU for this database: {machine.db_cpu:.1f} s; the driver's: "
        f"{machine.driver_cpu:.1f} s."
    )
    pressure = (
        f"some task waited for a CPU {machine.pressure / seconds:.0%} of the time; "
        if machine.pressure is not None
        else ""
    )
    print(
        f"Machine: {os.cpu_count()} CPUs; {pressure}load average (1 min) "
        f"{machine.load[0]:.1f} before, {machine.load[1]:.1f} after."
    )
    need = (visit + visit_db) * args.officers
    cores = os.cpu_count() or 1
    print(
        f"Capacity (an estimate from the CPU measured): {args.officers} visits need "
        f"{need:.0f} s of CPU (workers + PostgreSQL), {need / args.window:.0%} of one core "
        f"over the {args.window:g} s window, {need / args.window / cores:.0%} of {cores} cores "
        f"given to the app alone."
    )
    failed = 0
    print()
    line = "PASS" if errors == 0 else "FAIL"
    failed += errors > 0
    print(f"{line}  0 errors ({errors})")
    for kind, limit in TARGETS.items():
        values = record.latencies[kind]
        p95 = http_bench.percentile(values, 0.95) if values else float("inf")
        ok = p95 <= limit
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {kind}s p95 ≤ {limit:g} s ({p95:.2f} s)")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thidua_bench")
    parser.add_argument("--size", default="1x35x15x30x3", help="provinces x blocks x units x …")
    parser.add_argument("--officers", type=int, default=300)
    parser.add_argument("--window", type=float, default=600.0, help="seconds of arrivals")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between steps")
    parser.add_argument("--quick", action="store_true", help="30 officers over 30 s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--redis-url", default="", help="shared cache and sessions, as deployed")
    parser.add_argument("--static-root", default=str(Path(tempfile.gettempdir()) / "thidua-bench"))
    args = parser.parse_args()
    if args.quick:
        args.officers, args.window = 30, 30.0
    env = http_bench.server_env(args)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    http_bench.prepare(args, env)
    targets = find_targets(env, args.officers + 1)
    if len(targets) < args.officers + 1:
        sys.exit(
            f"Only {len(targets)} sheets of the open year can still be edited (the rush needs "
            f"one more than --officers, for the calibration): use a larger --size, or fewer "
            f"--officers."
        )
    server = start_server(env, args.port, args.workers)
    try:
        http_bench.wait_until_live(args.port)
        # The calibrating officer is one more than the rush's, so the rush's stay as they were.
        unit_cpu = calibrate(
            targets[-1],
            port=args.port,
            master=server.pid,
            database_url=args.database_url,
            seed=args.seed,
        )
        before, sampler = Machine.reading(server.pid), DatabaseSampler(args.database_url)
        sampler.start()
        record = rush(
            targets[: args.officers],
            host=http_bench.HOST,
            port=args.port,
            window=args.window,
            seed=args.seed,
            think=args.think,
        )
        machine = Machine.between(before, Machine.reading(server.pid))
        machine.db_cpu = sampler.stop()
        return report(record, args=args, machine=machine, unit_cpu=unit_cpu)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
