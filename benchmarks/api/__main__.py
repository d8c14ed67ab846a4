"""Benchmark REST API v1 on a big program, served by a real WSGI server.

    python -m benchmarks.api [--pairs 5000] [--sessions 50000] [--csv-rows 50000]
                             [--workers 2] [--concurrency 4] [--seconds 6]
    REVMENTOR_DB=mysql python -m benchmarks.api   # MariaDB (database revmentor_bench)

What it does, in a throw-away database (a temporary SQLite file unless REVMENTOR_DB=mysql):

1. migrates and seeds, with bulk inserts (a benchmark seed, not how the product writes): a
   program of ``--pairs`` pairs (80% active, 10% proposed, 10% ended) with ``--sessions``
   sessions, two goals a pair and a pulse check for each active pair's mentee; and a second
   program of ``--csv-rows`` ended pairs for the CSV memory check;
2. serves the sandbox with gunicorn on 127.0.0.1 (sync workers, loopback only);
3. for each endpoint, runs ``--concurrency`` client threads for ``--seconds`` (at most 5,000
   requests), as course staff with a JWT, and prints requests/second next to a bare DRF view with
   the same authentication (the ratio is the figure to watch);
4. times the report (median and worst of 7 sequential requests; goal: at most 1 s);
5. measures the peak Python memory (tracemalloc) of producing the CSV for the two programs: a
   flat export costs the same for 50,000 rows as for 5,000;
6. times the course staff page's server-side charts (report and 12 weeks of health history).

Not a test: figures depend on the machine. Nothing listens beyond loopback and everything stops
at the end (the gunicorn process is terminated by its pid).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
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
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, headers: dict) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        return response.status, size
    finally:
        conn.close()


def _load(port: int, path: str, headers: dict, *, threads: int, seconds: float) -> dict:
    for _ in range(3):  # warm-up: imports, caches, connection setup in each worker
        status, _size = _get(port, path, headers)
        assert status == 200, (path, status)
    done, failures, lock = [0], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if done[0] + failures[0] >= MAX_REQUESTS:
                    return
            status, _size = _get(port, path, headers)
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
    return {"rps": done[0] / elapsed, "requests": done[0], "failures": failures[0]}


def _csv_peak(program_uuid) -> tuple[int, int, float]:
    """(rows, peak bytes, seconds) of producing the CSV exactly as the view streams it."""
    from revmentor_plugin import services
    from revmentor_plugin.api.v1.views import _csv_lines

    tracemalloc.start()
    started = time.perf_counter()
    lines = 0
    for _line in _csv_lines(services.pair_table(program_uuid)):
        lines += 1
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, peak, elapsed


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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="revmentor-bench-") as db_dir:
        started = time.perf_counter()
        _setup(db_dir)
        seeded = _seed(args.pairs, args.sessions, args.csv_rows)
        from django.conf import settings
        from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
        from rest_framework_jwt.settings import api_settings

        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"seeded in {time.perf_counter() - started:.1f} s on {engine}: {seeded['counts']}")
        headers = {"Authorization": f"{api_settings.JWT_AUTH_HEADER_PREFIX} {generate_jwt(seeded['staff'])}"}

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
            for _ in range(200):
                try:
                    if _get(port, "/bench/bare/", headers)[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("gunicorn did not start")
            api = "/api/revmentor/v1/"
            endpoints = {
                "bare DRF view": "/bench/bare/",
                "pair detail": f"{api}pairs/{seeded['pair']}/",
                "pair list (page of 20)": f"{api}programs/{seeded['program']}/pairs/",
                "report (JSON)": f"{api}programs/{seeded['program']}/report/",
            }
            results = {
                name: _load(port, path, headers, threads=args.concurrency, seconds=args.seconds)
                for name, path in endpoints.items()
            }
            bare = results["bare DRF view"]["rps"]
            print(
                f"\ngunicorn {args.workers} sync workers, {args.concurrency} client threads, "
                f"{args.seconds:g} s a endpoint, {os.cpu_count()} CPUs"
            )
            print(f"{'endpoint':<26}{'req/s':>9}{'requests':>10}{'ratio to bare':>15}")
            for name, result in results.items():
                print(f"{name:<26}{result['rps']:>9.1f}{result['requests']:>10}{result['rps'] / bare:>15.2f}")

            timings = []
            for _ in range(7):
                began = time.perf_counter()
                status, _size = _get(port, endpoints["report (JSON)"], headers)
                timings.append(time.perf_counter() - began)
                assert status == 200
            print(
                f"\nreport time: median {statistics.median(timings) * 1000:.0f} ms, "
                f"worst {max(timings) * 1000:.0f} ms (goal: at most 1000 ms)"
            )
            began = time.perf_counter()
            status, size = _get(port, f"{api}programs/{seeded['program']}/report/?format=csv", headers)
            print(
                f"CSV over HTTP, {seeded['counts']['pairs']} pairs: {size / 1e6:.1f} MB "
                f"in {time.perf_counter() - began:.2f} s (status {status})"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

        print("\nCSV export, peak Python memory while producing it (tracemalloc):")
        for label, program in (
            ("benchmark program", seeded["program"]),
            ("CSV program", seeded["csv_program"]),
        ):
            rows, peak, seconds = _csv_peak(program)
            print(f"  {label:<18} {rows:>7} rows: peak {peak / 1e6:6.2f} MB, {seconds:.2f} s")

        # The staff page renders its three charts on the server (report + health replayed over
        # 12 weeks); its lists come from the endpoints measured above.
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        from revmentor_plugin.dashboard.views import charts_for

        timings = []
        for _ in range(3):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                charts_for(seeded["program"])
                timings.append(time.perf_counter() - began)
        print(
            f"\nstaff page charts (in-process): median {statistics.median(timings) * 1000:.0f} ms, "
            f"worst {max(timings) * 1000:.0f} ms, {len(queries)} queries"
        )

        if os.environ.get("REVMENTOR_DB") == "mysql":  # the temporary SQLite file goes with its directory
            from django.db import connection

            connection.close()
            import MySQLdb

            conn = MySQLdb.connect(host="127.0.0.1", user="root", passwd="")
            conn.cursor().execute(f"DROP DATABASE IF EXISTS {settings.DATABASES['default']['NAME']}")
            conn.close()


if __name__ == "__main__":
    main()
