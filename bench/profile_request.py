"""Where a request's CPU goes: one page through the WSGI application, in-process, under cProfile.

    .venv/bin/python bench/profile_request.py /blocks/1/2025/ [--user g01b01u01] [--count 200]
        [--database-url postgres://postgres@127.0.0.1:5432/thidua_bench] [--sort tottime]

Uses the settings `make bench` gives gunicorn (DEBUG off, the same database), signs the user in
through the login page when `--user` is given, warms the page up, then calls the WSGI
application `--count` times, alternating with `/healthz/live` under the same identity, and
prints the CPU per request of both (time.process_time) and the profile of the page's calls.
Not a benchmark (no server, no sockets): a tool to find what to make cheaper.

Environment: `CALLERS=pattern` and `CALLEES=pattern` print who calls the matching functions and
what they call; `PROFILE_OUT=file` keeps the raw profile for `pstats`.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import http_bench  # noqa: E402


def environ(method: str, path: str, cookies: dict, body: bytes = b"") -> dict:
    from io import BytesIO

    path_info, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": http_bench.HOST,
        "SERVER_PORT": "80",
        "HTTP_HOST": http_bench.HOST,
        "HTTP_ACCEPT_LANGUAGE": "vi",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookies:
        env["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body:
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        env["CONTENT_LENGTH"] = str(len(body))
        env["HTTP_REFERER"] = f"http://{http_bench.HOST}{path}"
    return env


def call(app, method: str, path: str, cookies: dict, form: dict | None = None):
    body = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else b""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = headers

    chunks = app(environ(method, path, cookies, body), start_response)
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    jar = {}
    for name, value in answer["headers"]:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return answer["status"], content.decode("utf-8", "replace"), jar


def page_request(app, path: str, cookies: dict):
    """A save of the self-scoring form at `path`, as `make bench` sends it: one figure changed."""
    status, page, jar = call(app, "GET", path, cookies)
    cookies.update(jar)
    form = http_bench.sheet_form(page)
    form["csrfmiddlewaretoken"] = http_bench.CSRF_INPUT.search(page).group(1)
    field = sorted(k for k in form if k.startswith("points_"))[0]

    def save() -> int:
        form[field] = "2" if form[field].replace(",", ".") in {"1", "1.0", "1.00"} else "1"
        status, _page, _jar = call(app, "POST", path, cookies, form)
        if status == 302:
            form["version"] = str(int(form["version"]) + 1)
        return status

    return save


def postgres_cpu() -> float:
    """Seconds of CPU all of this machine's PostgreSQL processes have used (their schedstat):
    the database's share of a request, read outside the request's own CPU clock."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/comm") as comm:
                if comm.read().strip() != "postgres":
                    continue
            with open(f"/proc/{entry.name}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except OSError:  # the process ended meanwhile
            continue
    return total / 1e9


def print_statements(app, path: str, cookies: dict, request) -> None:
    """One request's statements (BEGIN and COMMIT included) with the wall time of each."""
    from django.db import connection

    timings = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        request() if request else call(app, "GET", path, cookies)
    wall = (time.perf_counter() - started) * 1000
    for ms, sql in timings:
        print(f"{ms:7.2f} ms  {' '.join(sql.split())[:150]}")
    spent = sum(ms for ms, _sql in timings)
    print(f"{len(timings)} statements, {spent:.2f} ms in the database of {wall:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--user")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument(
        "--no-profile", action="store_true", help="CPU per request only, without the profiler"
    )
    parser.add_argument(
        "--save",
        action="store_true",
        help="profile saving the self-scoring form at PATH (one figure changed each time)",
    )
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument(
        "--sql",
        action="store_true",
        help="print the statements of one request with their wall time, then the totals",
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thidua_bench")
    args = parser.parse_args()
    http_bench.in_process(args.database_url)
    os.chdir(ROOT)
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    cookies: dict = {}
    if args.user:
        status, page, cookies = call(app, "GET", "/accounts/login/", {})
        token = http_bench.CSRF_INPUT.search(page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": args.user}
        form["password"] = http_bench.PASSWORD
        status, _page, jar = call(app, "POST", "/accounts/login/", cookies, form)
        assert status == 302, status
        cookies.update(jar)
    request = page_request(app, args.path, cookies) if args.save else None
    for _ in range(10):
        status = request() if request else call(app, "GET", args.path, cookies)[0]
        call(app, "GET", "/healthz/live", cookies)
    print(f"{'POST' if request else 'GET'} {args.path}: {status}")
    if args.sql:
        print_statements(app, args.path, cookies, request)
        return
    profile = cProfile.Profile()
    page_cpu = live_cpu = page_db = live_db = 0.0
    for _ in range(args.count):
        database = postgres_cpu()
        started = time.process_time()
        if not args.no_profile:
            profile.enable()
        if request:
            request()
        else:
            call(app, "GET", args.path, cookies)
        profile.disable()
        page_cpu += time.process_time() - started
        page_db += postgres_cpu() - database
        database = postgres_cpu()
        started = time.process_time()
        call(app, "GET", "/healthz/live", cookies)
        live_cpu += time.process_time() - started
        live_db += postgres_cpu() - database
    page_ms, live_ms = page_cpu / args.count * 1000, live_cpu / args.count * 1000
    print(f"page {page_ms:.2f} ms, /healthz/live {live_ms:.2f} ms, share {live_ms / page_ms:.1%}")
    page_db_ms, live_db_ms = page_db / args.count * 1000, live_db / args.count * 1000
    page_all, live_all = page_ms + page_db_ms, live_ms + live_db_ms
    print(
        f"with PostgreSQL's CPU: page {page_ms:.2f} + {page_db_ms:.2f} ms, /healthz/live "
        f"{live_ms:.2f} + {live_db_ms:.2f} ms, share {live_all / page_all:.1%}"
    )
    if args.no_profile:
        return
    print("(the page's figure includes the profiler's own overhead)")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(args.sort).print_stats(args.lines)
    if os.environ.get("CALLERS"):
        stats.print_callers(os.environ["CALLERS"])
    if os.environ.get("CALLEES"):
        stats.print_callees(os.environ["CALLEES"])
    if os.environ.get("PROFILE_OUT"):  # the raw profile, for pstats or snakeviz
        stats.dump_stats(os.environ["PROFILE_OUT"])
    print(out.getvalue())


if __name__ == "__main__":
    main()
