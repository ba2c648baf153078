"""`make bench`: seeds a large board, then measures every page of bench/pages.py.

For each page: throughput under gunicorn (2 sync workers) with wrk, as a ratio to a trivial view
served by the same gunicorn; server time (median and 95th percentile of in-process requests, the
page cache off); and the number of SQL queries. Prints a table, writes bench/results.json.
"""

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results.json"
FLOOR_PATH = "/bench/floor/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["PARTICIPE_BENCH_FLOOR"] = "1"
    # One client measuring thousands of searches: the per-client search budget is off.
    os.environ["PARTICIPE_SEARCHES_PER_MINUTE"] = "0"
    # Plain HTTP on the loopback, as behind the TLS proxy: no redirect to HTTPS.
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def prepare_database(offers: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from offers.models import Offer

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    missing = offers - Offer.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("seed_synthetic", offers=missing)
        print(f"seed_synthetic --offers {missing}: {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def moderator_client():
    from django.contrib.auth.models import User
    from django.test import Client

    from organisations.roles import make_moderator

    # A member of the Moderators group, as on the site: the admin shows them every offer.
    user, _ = User.objects.get_or_create(username="bench-moderator")
    make_moderator(user)
    client = Client()
    client.force_login(user)
    return client


# Requests timed for a page measured the first time a worker meets it (Page.cold).
COLD_REQUESTS = 20


def forget_searches() -> None:
    from offers import search

    search.forget_searches()


def forget_everything() -> None:
    """What a board just changed has: nothing in this worker's searches or the shared cache."""
    from django.core.cache import cache

    forget_searches()
    cache.clear()


def server_time(client, url: str, count: int, before=None) -> tuple[float, float, int]:
    from django.db import connection

    before = before or (lambda: None)
    for _ in range(5):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    before()
    with connection.execute_wrapper(record):
        client.get(url)
    timings = []
    for _ in range(count):
        before()
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, cache_seconds: int):
        self.port = free_port()
        env = {**os.environ, "PARTICIPE_PAGE_CACHE_SECONDS": str(cache_seconds)}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "--workers=2",
                "--worker-class=sync",
                # gunicorn.conf.py (production) adds threads and an access log: not measured.
                "--threads=1",
                "--access-logfile=/dev/null",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# What browsers send: every current one accepts gzip.
BROWSER_ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"


def wrk(url: str, seconds: int, headers: list[str]) -> float:
    command = ["wrk", "--threads=2", "--connections=16", f"--duration={seconds}s", url]
    for header in headers:
        command[1:1] = ["--header", header]
    subprocess.run([*command[:-2], "--duration=1s", url], capture_output=True, check=True)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk got errors from {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def machine() -> dict:
    from django.db import connection

    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1) if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def main() -> None:
    args = parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from bench.pages import PAGES
    from offers.models import Offer

    prepare_database(args.offers)
    moderator = moderator_client()
    session_cookie = (
        f"{settings.SESSION_COOKIE_NAME}={moderator.cookies[settings.SESSION_COOKIE_NAME].value}"
    )
    anonymous = Client()

    rows, skipped = {}, []
    pages = []
    for page in PAGES:
        url = page.url()
        if url is None:
            skipped.append(page.name)
            print(f"skipped: {page.name} (not on this board: too few offers for it)")
            continue
        pages.append((page, url))

    # Server time and queries, in process, without the page cache: the cost of building a page.
    for page, url in pages:
        if page.cached:
            continue
        with override_settings(PAGE_CACHE_SECONDS=0):
            client = moderator if page.moderator else anonymous
            if page.cold:
                forget = forget_everything if page.new_board else forget_searches
                count, before = min(args.requests, COLD_REQUESTS), forget
            else:
                count, before = args.requests, None
            p50, p95, queries = server_time(client, url, count, before)
        rows[page.name] = {"url": url, "p50_ms": p50, "p95_ms": p95, "queries": queries}
        print(f"timed: {page.name:<26} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")

    # Throughput: uncached pages on one gunicorn, the cached pages on one with the cache on.
    # Every ratio is to the first one's floor: with the page cache on, the trivial view also
    # looks for a stored page (and misses), which is work; that floor is reported beside it.
    floor = None
    for cache_seconds, wanted in ((0, False), (300, True)):
        server = Gunicorn(cache_seconds)
        try:
            server_floor = wrk(server.url(FLOOR_PATH), args.duration, [])
            floor = floor or server_floor
            for page, url in pages:
                if page.cached != wanted or page.cold:
                    continue
                headers = [f"Cookie: {session_cookie}"] if page.moderator else []
                if page.gzip:
                    headers.append(BROWSER_ACCEPT_ENCODING)
                rps = wrk(server.url(url), args.duration, headers)
                row = rows.setdefault(page.name, {"url": url, "p50_ms": None, "p95_ms": None})
                row.update(rps=rps, floor_rps=floor, ratio=rps / floor)
                if cache_seconds:
                    row["floor_rps_page_cache_on"] = server_floor
                print(f"wrk:   {page.name:<26} {rps:8.0f} req/s  floor {floor:6.0f} req/s")
        finally:
            server.stop()

    results = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "offers": Offer.objects.count(),
        "published_offers": Offer.objects.visible().count(),
        "machine": machine(),
        "gunicorn": "2 sync workers",
        "load": f"wrk, 2 threads, 16 connections, {args.duration} s per page, loopback",
        "server_time": f"{args.requests} in-process requests per page, page cache off",
        "skipped": skipped,
        "pages": rows,
    }
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    print(f"\nwritten: {args.output}")


def print_table(results: dict) -> None:
    def cell(value, pattern):
        return "–" if value is None else pattern.format(value)

    print(f"\n{results['offers']} offers ({results['published_offers']} published)")
    print(f"{'page':<26} {'ratio':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7}")
    for name, row in results["pages"].items():
        print(
            f"{name:<26} {cell(row.get('ratio'), '{:.2f}'):>6} "
            f"{cell(row.get('rps'), '{:.0f}'):>7} {cell(row['p50_ms'], '{:.1f}'):>7} "
            f"{cell(row['p95_ms'], '{:.1f}'):>7} {cell(row.get('queries'), '{}'):>7}"
        )
    for name in results["skipped"]:
        print(f"{name:<26} skipped: not on this board (too few offers for it)")


if __name__ == "__main__":
    main()
