"""`make bench-scaleout`: two app servers on one PostgreSQL and one Redis.

    .venv/bin/python bench/scaleout.py [--redis-url redis://127.0.0.1:6379/7] [--workers 1]
    .venv/bin/python bench/scaleout.py --quick      # 5 s per measurement instead of 20

Starts gunicorn twice (ports `--port` and `--port` + 1, `--workers` each, DEBUG off) with
`REDIS_URL` set, so both share the cache, the sessions and the login lockout
(`emulation/settings.py`), on the database `make bench` generates. Then:

1. **Throughput**: `--clients` threads request one page on server 1 alone for `--seconds`, then
   the same number of threads split between both servers for `--seconds`; printed: req/s, p50,
   p95 and each server's CPU per request, and the sum over both servers ÷ the single figure.
   The page is the self-scoring page of a generated officer (`--page sheet`, signed in: the
   session cookie comes from a login on server 1 and is used on both servers, which works only
   because the session store is shared) or the public published ranking (`--page ranking`).
2. **Lockout shared**: `AXES_FAILURE_LIMIT` wrong passwords for one officer on server 1 lock
   the (username, client) pair; the right password is then refused on server 2 (429), while
   another officer still signs in there. The lock is lifted at the end so the run repeats.

Everything runs on this machine: the servers, PostgreSQL, Redis and the driver share its cores,
so the sum can only exceed the single figure by the cores server 1 left idle. The figure that
carries over to separate machines is each server's CPU per request, alone and side by side.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import http_bench
import rush
from http_bench import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
FAILURE_LIMIT = 5


def lift_lockout(env: dict, username: str) -> None:
    """Clear the (username, client) lock and the client's failure count, in the shared store."""
    code = (
        "from axes.utils import reset; from accounts import security; "
        "from django.core.cache import cache; from django.test import RequestFactory; "
        f"reset(username={username!r}, ip='127.0.0.1'); "
        "cache.delete(security._client_key(RequestFactory().get('/')))"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def measure(plan: list[tuple[int, dict]], path: str, seconds: float, masters: dict) -> dict:
    """Each (port, cookies) in `plan` is one client thread requesting `path` for `seconds`."""
    results = {port: {"latencies": [], "errors": 0} for port, _c in plan}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(port: int, cookies: dict) -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status = http_bench.request(port, "GET", path, cookies).status
            except OSError:
                status = 0
            with lock:
                results[port]["latencies"].append(time.perf_counter() - started)
                results[port]["errors"] += status != 200

    cpu_before = {port: rush.tree_cpu(master) for port, master in masters.items()}
    wait_before = {port: rush.run_queue_wait(master) for port, master in masters.items()}
    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=item) for item in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    for port, result in results.items():
        count = len(result["latencies"])
        cpu = rush.tree_cpu(masters[port]) - cpu_before[port]
        wait = rush.run_queue_wait(masters[port]) - wait_before[port]
        result.update(
            rps=count / elapsed,
            p50=http_bench.percentile(result["latencies"], 0.5) * 1000 if count else 0.0,
            p95=http_bench.percentile(result["latencies"], 0.95) * 1000 if count else 0.0,
            cpu=cpu / max(count, 1) * 1000,
            busy=cpu / elapsed,
            wait=wait / max(cpu, 0.001),
            count=count,
        )
    return results


def line(label: str, result: dict) -> str:
    return (
        f"{label:<30} {result['rps']:7.1f} {result['p50']:6.0f}ms {result['p95']:6.0f}ms "
        f"{result['cpu']:7.1f}ms {result['busy']:6.0%} {result['wait']:6.1f}s {result['errors']:6d}"
    )


def throughput(args, ports: list[int], masters: dict, path: str, cookies: dict) -> float:
    """One server, then both with the clients split; prints the table, returns the ratio."""
    header = (
        f"{'':<30} {'req/s':>7} {'p50':>8} {'p95':>8} {'CPU/req':>9} {'CPU':>6} {'wait':>7} "
        f"{'errors':>6}"
    )
    print(f"\nThroughput of {path} ({args.clients} clients, {args.seconds:g} s each)")
    print(header + "\n" + "-" * len(header))
    # Warm both servers (imports, templates, connections) before anything is counted.
    for port in ports:
        for _ in range(2 * args.workers):
            http_bench.request(port, "GET", path, cookies)
    one = measure([(ports[0], cookies)] * args.clients, path, args.seconds, masters)[ports[0]]
    print(line(f"server 1 alone (:{ports[0]})", one))
    split = [(ports[n % 2], cookies) for n in range(args.clients)]
    both = measure(split, path, args.seconds, masters)
    for n, port in enumerate(ports, start=1):
        print(line(f"server {n} side by side (:{port})", both[port]))
    total = sum(r["rps"] for r in both.values())
    ratio = total / one["rps"] if one["rps"] else 0.0
    errors = one["errors"] + sum(r["errors"] for r in both.values())
    print(
        "(CPU: the server's workers' CPU ÷ wall time; wait: seconds its workers waited on the "
        "run queue per second of CPU they got)"
    )
    print(
        f"\nSum of both servers: {total:.1f} req/s = {ratio:.2f} × server 1 alone "
        f"({args.workers} worker(s) per server, {len(ports) * args.workers} in all, "
        f"on {os.cpu_count()} CPUs shared with PostgreSQL, Redis, the driver and "
        f"whatever else runs here); errors: {errors}"
    )
    return ratio


def lockout(args, ports: list[int], victim: str, witness: str) -> bool:
    """Fail on server 1 until locked; check the lock on server 2; a witness still gets in."""
    print(f"\nLockout shared through Redis (AXES_FAILURE_LIMIT={FAILURE_LIMIT})")
    statuses = []
    for _ in range(FAILURE_LIMIT):
        cookies, token = http_bench.login_form(ports[0])
        form = {"csrfmiddlewaretoken": token, "username": victim, "password": "not-the-password"}
        statuses.append(http_bench.request(ports[0], "POST", "/accounts/login/", cookies, form))
    print(
        f"  server 1: {FAILURE_LIMIT} wrong passwords for {victim}: answers "
        f"{', '.join(str(a.status) for a in statuses)}"
    )
    cookies, token = http_bench.login_form(ports[1])
    form = {"csrfmiddlewaretoken": token, "username": victim, "password": PASSWORD}
    locked = http_bench.request(ports[1], "POST", "/accounts/login/", cookies, form).status
    print(f"  server 2: the right password for {victim}: {locked} (429 = locked out)")
    cookies, token = http_bench.login_form(ports[1])
    form = {"csrfmiddlewaretoken": token, "username": witness, "password": PASSWORD}
    other = http_bench.request(ports[1], "POST", "/accounts/login/", cookies, form).status
    print(f"  server 2: the right password for {witness}: {other} (302 = signed in)")
    shared = statuses[-1].status == 429 and locked == 429 and other == 302
    print(f"{'PASS' if shared else 'FAIL'}  a lock made on server 1 holds on server 2")
    return shared


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thidua_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--size", default="1x35x15x30x3", help="provinces x blocks x units x …")
    parser.add_argument("--page", choices=["sheet", "ranking"], default="sheet")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--quick", action="store_true", help="5 s per measurement")
    parser.add_argument("--port", type=int, default=8767, help="server 1; server 2 is port + 1")
    parser.add_argument("--static-root", default=str(Path(tempfile.gettempdir()) / "thidua-bench"))
    args = parser.parse_args()
    if args.quick:
        args.seconds = 5.0
    env = http_bench.server_env(args)
    env.update(REDIS_URL=args.redis_url, AXES_FAILURE_LIMIT=str(FAILURE_LIMIT))
    http_bench.prepare(args, env)
    officer, victim, witness = rush.find_targets(env, 3)
    for username in (officer.username, victim.username, witness.username):
        lift_lockout(env, username)
    ports = [args.port, args.port + 1]
    servers = [rush.start_server(env, port, args.workers) for port in ports]
    try:
        for port in ports:
            http_bench.wait_until_live(port)
        masters = {port: server.pid for port, server in zip(ports, servers, strict=True)}
        # Signed in on server 1; the same cookie is then used on server 2 as well.
        cookies = http_bench.sign_in(ports[0], officer.username)
        path = officer.sheet if args.page == "sheet" else officer.ranking
        other = http_bench.request(ports[1], "GET", path, cookies).status
        print(f"Session made on server 1, page on server 2: {other} (200 = session shared)")
        throughput(args, ports, masters, path, cookies)
        shared = lockout(args, ports, victim.username, witness.username)
        return 0 if shared and other == 200 else 1
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        lift_lockout(env, victim.username)


if __name__ == "__main__":
    sys.exit(main())
