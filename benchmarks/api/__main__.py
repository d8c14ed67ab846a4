"""Benchmark REST API v1 on a big program, served by a real WSGI server, against issue 14's goals.

    python -m benchmarks.api [--pairs 5000] [--sessions 50000] [--csv-rows 50000]
                             [--workers 2] [--concurrency 4] [--seconds 6] [--smoke] [--suite]
    REVMENTOR_DB=mysql python -m benchmarks.api   # MariaDB (database revmentor_bench)

What it does, in a throw-away database (a temporary SQLite file unless REVMENTOR_DB=mysql):

1. migrates and seeds, with bulk inserts (a benchmark seed, not how the product writes): a
   program of ``--pairs`` pairs (80% active, 10% proposed, 10% ended) with ``--sessions``
   sessions, two goals a pair and a pulse check for each active pair's mentee; and a second
   program of ``--csv-rows`` ended pairs for the CSV export;
2. serves the sandbox with gunicorn on 127.0.0.1 (sync workers, loopback only);
3. for pair detail, a page of the pair list and the list filtered by ``?health=at_risk``, runs
   ``--concurrency`` client threads for ``--seconds`` (at most 5,000 requests) as course staff
   with a JWT, and compares requests/second with a bare DRF view with the same authentication
   (the ratio is the figure to watch); checks that the filtered list pages;
4. times the report (JSON; median of 7 sequential requests) and the CSV export of the
   ``--csv-rows`` program over HTTP;
5. measures the peak Python memory (tracemalloc) of producing the CSV for the two programs: a
   flat export costs about the same for ``--csv-rows`` rows as for ``--pairs``;
6. times the course staff page's server-side charts (report and 12 weeks of health history)
   in-process: the first (cold) call apart from the median of the next five;
7. with ``--suite``, times the test suite for the same database (``make test``, or
   ``make test-mysql`` on MariaDB) on every core;
8. prints every figure with its goal (docs/performance.rst) and PASS or MISS.

``--smoke`` runs tiny sizes (200 pairs, 2,000 sessions, 2,000 CSV rows, 1 s an endpoint) as a CI
check: it exits non-zero when a request fails or something raises, never because of a timing.

Not a test: figures depend on the machine. Nothing listens beyond loopback and everything stops
at the end (the gunicorn process is terminated by its pid).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_REQUESTS = 5000


def _setup(db_dir: str) -> None:
    for path in (str(ROOT / "sandbox"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.api.settings"
    os.environ["SANDBOX_SQLITE"] = str(Path(db_dir) / "bench.sqlite3")
    os.environ["SANDBOX_VAR_DIR"] = db_dir
    os.environ.setdefault("SANDBOX_DEBUG", "0")
    if os.environ.get("REVMENTOR_DB") == "mysql":
        import MySQLdb

        name = os.environ.get("BENCH_MYSQL_DATABASE", "revmentor_bench")
        conn = MySQLdb.connect(host="127.0.0.1", user="root", passwd="")
        conn.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
        conn.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
        conn.close()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _seed(pairs: int, sessions: int, csv_rows: int) -> dict:
    from common.djangoapps.student.roles import CourseStaffRole
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from opaque_keys.edx.keys import CourseKey

    from revmentor_plugin import services
    from revmentor_plugin.models import (
        AgreementAcceptance,
        Goal,
        Pair,
        Participant,
        Program,
        PulseCheck,
        SessionLog,
    )

    course = CourseKey.from_string("course-v1:Bench+API+2026")
    user_model = get_user_model()
    today = timezone.localdate()
    now = timezone.now()
    batch = 5000

    def users(prefix: str, n: int) -> list[int]:
        user_model.objects.bulk_create(
            [
                user_model(username=f"{prefix}{i}", email=f"{prefix}{i}@example.com", password="!")  # noqa: S106 - unusable
                for i in range(n)
            ],
            batch_size=batch,
        )
        return list(
            user_model.objects.filter(username__startswith=prefix).order_by("id").values_list("id", flat=True)
        )

    def participants(program_id: int, user_ids: list[int], role: str) -> list[int]:
        Participant.objects.bulk_create(
            [
                Participant(
                    program_id=program_id, user_id=uid, role=role, languages=["en"], interests=["jazz"]
                )
                for uid in user_ids
            ],
            batch_size=batch,
        )
        return list(
            Participant.objects.filter(program_id=program_id, role=role)
            .order_by("id")
            .values_list("id", flat=True)
        )

    staff = user_model.objects.create_user("bench_staff", "staff@example.com", "pw")
    CourseStaffRole(course).add_users(staff)

    data = services.create_program(
        course_key=course,
        name="Benchmark",
        organizational_outcome="Throughput",
        status="active",
        cadence_days=14,
    )
    for name in ("Python", "SQL", "Cloud", "Data", "Design"):
        services.add_skill(data.uuid, name=name)
    program = Program.objects.get(pk=data.id)
    mentors = participants(program.pk, users("bm", pairs), "mentor")
    mentees = participants(program.pk, users("bn", pairs), "mentee")

    rows = []
    for i in range(pairs):
        kind = i % 10
        status = "active" if kind < 8 else ("proposed" if kind == 8 else "completed")
        open_ = status in ("active", "proposed")
        rows.append(
            Pair(
                program=program,
                mentor_id=mentors[i],
                mentee_id=mentees[i],
                status=status,
                source="matching",
                score=0.5 + (i % 50) / 100,
                explanation=["Complementary skills: Python", "Shared interests: jazz"],
                mentee_open=True if open_ else None,
                mentor_seat=1 if open_ else None,
                activated_at=now - dt.timedelta(days=60) if status != "proposed" else None,
                closed_at=now - dt.timedelta(days=2) if not open_ else None,
                closed_reason="" if open_ else "Finished the programme",
            )
        )
    Pair.objects.bulk_create(rows, batch_size=batch)
    pair_rows = list(
        Pair.objects.filter(program=program)
        .order_by("id")
        .values_list("id", "status", "mentor_id", "mentee_id")
    )

    AgreementAcceptance.objects.bulk_create(
        [
            AgreementAcceptance(
                pair_id=pk, participant_id=who, expectations_version=program.expectations_version
            )
            for pk, status, mentor, mentee in pair_rows
            if status != "proposed"
            for who in (mentor, mentee)
        ],
        batch_size=batch,
    )
    per_pair = max(1, sessions // pairs)
    SessionLog.objects.bulk_create(
        [
            SessionLog(
                pair_id=pk,
                occurred_on=today - dt.timedelta(days=(n * 9 + j * 17) % 180),
                duration_minutes=30 + (j * 15) % 60,
                mode="video",
                led_by="mentor" if j % 2 else "mentee",
                logged_by_id=mentor,
                notes="Worked through a notebook together.",
            )
            for n, (pk, status, mentor, mentee) in enumerate(pair_rows)
            for j in range(per_pair)
        ],
        batch_size=batch,
    )
    Goal.objects.bulk_create(
        [
            Goal(pair_id=pk, owner=owner, title="Goal", status=st, progress=prog, created_by_id=mentee)
            for pk, status, mentor, mentee in pair_rows
            for owner, st, prog in (("mentee", "achieved", 100), ("mentor", "in_progress", 40))
        ],
        batch_size=batch,
    )
    PulseCheck.objects.bulk_create(
        [
            PulseCheck(
                pair_id=pk,
                author_id=mentee,
                trust=4,
                comfort=4,
                career_support=3,
                psychosocial_support=4,
                role_modeling=5,
            )
            for pk, status, mentor, mentee in pair_rows
            if status == "active"
        ],
        batch_size=batch,
    )

    # The CSV program: ended pairs hold no seat, so a few participants make many pairs.
    csv_data = services.create_program(course_key=course, name="CSV", organizational_outcome="Export")
    csv_program = Program.objects.get(pk=csv_data.id)
    side = max(1, int(csv_rows**0.5))
    csv_mentors = participants(csv_program.pk, users("cm", side), "mentor")
    csv_mentees = participants(csv_program.pk, users("cn", -(-csv_rows // side)), "mentee")
    Pair.objects.bulk_create(
        [
            Pair(
                program=csv_program,
                mentor_id=csv_mentors[k % side],
                mentee_id=csv_mentees[k // side],
                status="closed",
                source="staff",
                mentee_open=None,
                mentor_seat=None,
                closed_at=now,
                closed_reason="Ended",
            )
            for k in range(csv_rows)
        ],
        batch_size=batch,
    )
    # Bulk inserts store no health: the daily task's refresh computes it, as on the first day
    # after the upgrade to stored health (ADR 0016). Timed: it is the daily task's cost.
    began = time.perf_counter()
    refreshed = services.refresh_daily_health()
    refresh_seconds = time.perf_counter() - began
    first_pair = (
        Pair.objects.filter(program=program, status="active").order_by("id").values_list("uuid", flat=True)[0]
    )
    return {
        "staff": staff,
        "program": data.uuid,
        "csv_program": csv_data.uuid,
        "pair": first_pair,
        "counts": {
            "pairs": Pair.objects.filter(program=program).count(),
            "sessions": SessionLog.objects.filter(pair__program=program).count(),
            "csv_pairs": Pair.objects.filter(program=csv_program).count(),
        },
        "daily_refresh": (refreshed, refresh_seconds),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, headers: dict) -> tuple[int, bytes]:
    """(status, body) of one GET on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _ok(port: int, path: str, headers: dict) -> bytes:
    """The body of a GET that must answer 200 (anything else is an error, also in --smoke)."""
    status, body = _get(port, path, headers)
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}: {body[:300]!r}")
    return body


def _load(port: int, path: str, headers: dict, *, threads: int, seconds: float) -> dict:
    for _ in range(3):  # warm-up: imports, caches, connection setup in each worker
        _ok(port, path, headers)
    done, failures, lock = [0], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if done[0] + failures[0] >= MAX_REQUESTS:
                    return
            status, _body = _get(port, path, headers)
            with lock:
                if status == 200:
                    done[0] += 1
                else:
                    failures[0] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures[0]:
        raise SystemExit(f"GET {path}: {failures[0]} of {done[0] + failures[0]} requests did not answer 200")
    return {"rps": done[0] / elapsed, "requests": done[0]}


def _timed(port: int, path: str, headers: dict, times: int) -> list[float]:
    """Seconds of ``times`` sequential GETs that must answer 200."""
    timings = []
    for _ in range(times):
        began = time.perf_counter()
        _ok(port, path, headers)
        timings.append(time.perf_counter() - began)
    return timings


def _csv_peak(program_uuid) -> tuple[int, int, float]:
    """(rows, peak bytes, seconds) of producing the CSV exactly as the view streams it."""
    from revmentor_plugin import services
    from revmentor_plugin.api.v1.pairs import _csv_lines

    tracemalloc.start()
    started = time.perf_counter()
    lines = 0
    for _line in _csv_lines(services.pair_table(program_uuid)):
        lines += 1
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, peak, elapsed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


class Rows:
    """The issue's table: one row a measure, its figure, its goal and whether it is met."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, measure: str, figure: str, goal: str, met: bool | None) -> None:
        self.rows.append((measure, figure, goal, met))
        print(f"  {measure}: {figure} (goal {goal}) {self.verdict(met)}", flush=True)

    @staticmethod
    def verdict(met: bool | None) -> str:
        return {True: "PASS", False: "MISS", None: "-"}[met]

    def print(self, title: str) -> None:
        widths = [max(len(row[i]) for row in self.rows) for i in range(3)]
        print(f"\n{title}")
        for measure, figure, goal, met in self.rows:
            print(
                f"  {measure:<{widths[0]}}  {figure:<{widths[1]}}  {goal:<{widths[2]}}  {self.verdict(met)}"
            )
        judged = [met for *_row, met in self.rows if met is not None]
        print(f"\nsummary: {sum(judged)} of {len(judged)} goals met ({title})")


def _measure(args: argparse.Namespace, seeded: dict, port: int, headers: dict, rows: Rows) -> None:
    api = "/api/revmentor/v1/"
    program = f"{api}programs/{seeded['program']}/"
    page = 20
    endpoints = {
        "bare": "/bench/bare/",
        "detail": f"{api}pairs/{seeded['pair']}/",
        "list": f"{program}pairs/",
        "at_risk": f"{program}pairs/?health=at_risk",
    }
    # Warm every worker (imports, URLconf, first connection) before anything is measured.
    _load(port, endpoints["bare"], headers, threads=args.concurrency, seconds=1)
    load = {
        name: _load(port, path, headers, threads=args.concurrency, seconds=args.seconds)
        for name, path in endpoints.items()
    }
    # The baseline again after the others, so that a machine busier at one moment shows.
    again = _load(port, endpoints["bare"], headers, threads=args.concurrency, seconds=args.seconds)
    first, last = load["bare"]["rps"], again["rps"]
    print(f"  bare DRF view: {first:.1f} req/s first, {last:.1f} last; ratios are to the mean")
    bare = (first + last) / 2

    def ratio(name: str) -> float:
        return load[name]["rps"] / bare

    def rate(name: str) -> str:
        return f"{ratio(name):.2f}x bare DRF ({load[name]['rps']:.1f} req/s)"

    rows.add("pair detail", rate("detail"), ">= 0.6x", ratio("detail") >= 0.6)
    rows.add("pair list, page of 20", rate("list"), ">= 0.4x", ratio("list") >= 0.4)

    listed = json.loads(_ok(port, endpoints["at_risk"], headers))
    statuses = {(pair.get("health") or {}).get("status") for pair in listed["results"]}
    pages = len(listed["results"]) == min(page, listed["count"]) and statuses <= {"at_risk"}
    median = statistics.median(_timed(port, endpoints["at_risk"], headers, 5))
    rows.add(
        "?health=at_risk on the pair list",
        f"{rate('at_risk')}, median {_ms(median)}; {len(listed['results'])} of {listed['count']} "
        f"at risk on page 1 ({'pages' if pages else 'DOES NOT PAGE'})",
        "pages, >= 0.4x",
        pages and ratio("at_risk") >= 0.4,
    )
    timings = _timed(port, f"{program}report/", headers, 7)
    rows.add(
        "program report (JSON)",
        f"median {_ms(statistics.median(timings))}, worst {_ms(max(timings))} (7 requests)",
        "median <= 250 ms",
        statistics.median(timings) <= 0.25,
    )
    csv_path = f"{api}programs/{seeded['csv_program']}/report/?format=csv"
    began = time.perf_counter()
    size = len(_ok(port, csv_path, headers))
    elapsed = time.perf_counter() - began
    rows.add(
        f"CSV export over HTTP, {seeded['counts']['csv_pairs']:,} pairs",
        f"{elapsed:.2f} s, {size / 1e6:.1f} MB",
        "<= 4 s",
        elapsed <= 4,
    )


def _memory_and_charts(seeded: dict, rows: Rows) -> None:
    peaks = {}
    for label, program in (("pairs", seeded["program"]), ("csv_pairs", seeded["csv_program"])):
        count, peak, seconds = _csv_peak(program)
        peaks[label] = peak
        print(f"  CSV of {count:,} pairs under tracemalloc: peak {peak / 1e6:.2f} MB, {seconds:.2f} s")
    small, big = seeded["counts"]["pairs"], seeded["counts"]["csv_pairs"]
    rows.add(
        "CSV export, peak Python memory",
        f"{peaks['pairs'] / 1e6:.2f} MB for {small:,} pairs, {peaks['csv_pairs'] / 1e6:.2f} MB for {big:,}",
        "flat (at most 2x for the bigger)",
        peaks["csv_pairs"] <= 2 * peaks["pairs"],
    )

    # The staff page renders its charts on the server (report + 12 weeks of health history); its
    # lists come from the endpoints measured above. The first call pays what a later one reuses.
    from revmentor_plugin.dashboard.views import charts_for

    timings = []
    for _ in range(6):
        began = time.perf_counter()
        charts_for(seeded["program"])
        timings.append(time.perf_counter() - began)
    rows.add(
        "staff page charts (report + 12-week health history)",
        f"first (cold) {_ms(timings[0])}, then median {_ms(statistics.median(timings[1:]))} (5 calls)",
        "median <= 250 ms",
        statistics.median(timings[1:]) <= 0.25,
    )


def _drop_mysql_database() -> None:
    from django.conf import settings
    from django.db import connection

    connection.close()
    import MySQLdb

    conn = MySQLdb.connect(host="127.0.0.1", user="root", passwd="")
    conn.cursor().execute(f"DROP DATABASE IF EXISTS {settings.DATABASES['default']['NAME']}")
    conn.close()


def _time_suite(target: str) -> tuple[float, str]:
    """Wall time of ``make <target>`` and the last line pytest printed (its summary). The suite
    makes its own test databases: none of the benchmark's settings are passed on."""
    mine = ("DJANGO_SETTINGS_MODULE", "SANDBOX_SQLITE", "SANDBOX_VAR_DIR", "SANDBOX_DEBUG", "REVMENTOR_DB")
    env = {name: value for name, value in os.environ.items() if name not in mine}
    began = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", target], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - began
    if done.returncode:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n")
        raise SystemExit(f"make {target} failed (exit {done.returncode})")
    summaries = [line.strip("= ") for line in done.stdout.splitlines() if " passed" in line]
    return seconds, "; ".join(summaries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=50000)
    parser.add_argument("--csv-rows", type=int, default=50000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, 1 s an endpoint; fails on errors, never on timings"
    )
    parser.add_argument(
        "--suite",
        action="store_true",
        help="also time the test suite for this database (make test, or make test-mysql), minutes more",
    )
    args = parser.parse_args()
    if args.smoke:
        args.pairs, args.sessions, args.csv_rows, args.seconds = 200, 2000, 2000, 1.0

    mysql = os.environ.get("REVMENTOR_DB") == "mysql"
    with tempfile.TemporaryDirectory(prefix="revmentor-bench-") as db_dir:
        started = time.perf_counter()
        _setup(db_dir)
        try:
            _run(args, started)
        finally:
            if mysql:  # the temporary SQLite file goes with its directory
                _drop_mysql_database()


def _run(args: argparse.Namespace, started: float) -> None:
    seeded = _seed(args.pairs, args.sessions, args.csv_rows)
    from django.conf import settings
    from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
    from rest_framework_jwt.settings import api_settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    counts = seeded["counts"]
    smoke = " (smoke: timings not judged)" if args.smoke else ""
    print(
        f"{engine}, {os.cpu_count()} CPUs, gunicorn {args.workers} sync workers, {args.concurrency} "
        f"client threads, {args.seconds:g} s an endpoint{smoke}"
    )
    print(
        f"seeded in {time.perf_counter() - started:.1f} s: {counts['pairs']:,} pairs, "
        f"{counts['sessions']:,} sessions; CSV program {counts['csv_pairs']:,} pairs"
    )
    refreshed, refresh_seconds = seeded["daily_refresh"]
    print(f"daily health refresh (the daily task): {refreshed:,} open pairs, {refresh_seconds:.2f} s\n")
    headers = {"Authorization": f"{api_settings.JWT_AUTH_HEADER_PREFIX} {generate_jwt(seeded['staff'])}"}
    rows = Rows()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "sandbox"), str(ROOT)])}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "sandbox_lms.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--worker-class", "sync", "--timeout", "120", "--log-level", "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                if _get(port, "/bench/bare/", headers)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        _measure(args, seeded, port, headers, rows)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _memory_and_charts(seeded, rows)
    if args.suite:
        target = "test-mysql" if settings.DATABASES["default"]["ENGINE"].endswith("mysql") else "test"
        seconds, summary = _time_suite(target)
        rows.add(
            f"make {target} on {os.cpu_count()} cores",
            f"{seconds:.0f} s ({summary})",
            "<= 150 s",
            seconds <= 150,
        )
    else:
        rows.add("make test on 2 cores", "not measured: add --suite", "<= 150 s", None)
    rows.print(f"{engine}, {counts['pairs']:,} pairs, {counts['sessions']:,} sessions")


if __name__ == "__main__":
    main()
