"""Benchmark: the HTTP API's throughput and latency under concurrent clients, next to `GET
/healthz` on the same server in the same run.

    python -m bench.api [--members 200] [--requests 2000] [--clients 20]

Starts the real app (bench/api_server.py: the HTTP API and /healthz on waitress) in its
own process over a fresh SQLite file seeded with --members members (a day off a month for
a year, weekly availability patterns) and a weekly rotation with overrides, so the client
load does not share the server's GIL. Then --clients client processes, each on one
keep-alive connection, send --requests requests per endpoint: `GET /healthz` (the
baseline: the same server, no key, no database), the workforce tool's effective
availability over 31 days (a different member each time), a rotation's resolved schedule
over 31 days, who is on call now, and FieldAware's `GET /user/{ref}/unavailability`.
Prints requests per second, p50/p99/max latency, and the ratios of each to the
baseline's.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WS = "T0BENCH"  # bench/api_server.py's workspace


@dataclass(frozen=True)
class Run:
    """One endpoint's requests from every client: latencies in seconds, wall time."""

    name: str
    latencies: list[float]
    wall: float

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall

    def ms(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def client(port: int, key: str, paths: Sequence[str]) -> list[float]:
    """One client: its paths in turn over one keep-alive connection; every answer a 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {key}"}
    took = []
    try:
        for path in paths:
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            body = answer.read()
            took.append(time.perf_counter() - began)
            if answer.status != 200:
                raise SystemExit(f"GET {path} answered {answer.status}: {body[:300]!r}")
    finally:
        connection.close()
    return took


def drive(pool: ProcessPoolExecutor, port: int, key: str, name: str, paths: list[str],
          clients: int) -> Run:  # fmt: skip
    """`paths` shared out among `clients` clients running at once."""
    shares = [paths[i::clients] for i in range(clients)]
    began = time.perf_counter()
    parts = list(pool.map(client, [port] * clients, [key] * clients, shares))
    return Run(name, [t for part in parts for t in part], time.perf_counter() - began)


def report(run: Run, baseline: Run | None) -> None:
    line = (
        f"{run.name:<44} n={len(run.latencies):>5}  {run.rps:7.0f} req/s  "
        f"p50 {statistics.median(run.latencies) * 1000:6.1f} ms  p99 {run.ms(0.99):6.1f} ms  "
        f"max {max(run.latencies) * 1000:6.1f} ms"
    )
    if baseline is not None:
        rps, p99 = run.rps / baseline.rps, run.ms(0.99) / baseline.ms(0.99)
        line += f"  | {rps:5.2f}x req/s, {p99:5.1f}x p99"
    print(line)


def endpoints(members: int, requests: int) -> dict[str, list[str]]:
    """Each endpoint's paths, a different member per request where one is named."""
    who = [f"E{i % members}" for i in range(requests)]
    found = {
        "GET effectiveDisponibilities (31 days)": [
            f"/api/v1/businesses/{WS}/people/{ref}/effectiveDisponibilities"
            "?from=2026-05-01&to=2026-05-31"
            for ref in who
        ],
        "GET /api/v1/rotations/{id}/shifts (31 days)": [
            "/api/v1/rotations/primary/shifts?since=2026-05-01&until=2026-05-31"
        ]
        * requests,
        "GET /api/v1/oncall": ["/api/v1/oncall"] * requests,
        "GET /user/{ref}/unavailability": [f"/user/{ref}/unavailability" for ref in who],
    }
    return found


def serve(url: str, members: int) -> tuple[subprocess.Popen[bytes], int, str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.api_server", url, str(members)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    assert server.stdout is not None
    line = server.stdout.readline().decode().split()
    if len(line) != 2:
        server.kill()
        raise SystemExit("bench/api_server.py did not start; its error is above")
    return server, int(line[0]), line[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint")
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    print(f"python -m bench.api --members {args.members} --requests {args.requests} "
          f"--clients {args.clients}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        server, port, key = serve(f"sqlite:///{Path(tmp) / 'bench.db'}", args.members)
        print(f"seeded and serving in {time.perf_counter() - began:.1f} s")
        try:
            measure(port, key, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure(port: int, key: str, args: argparse.Namespace) -> None:
    with ProcessPoolExecutor(args.clients) as pool:
        health = ["/healthz"] * args.requests
        drive(pool, port, key, "warm-up", health[:400], args.clients)
        baseline = drive(pool, port, key, "GET /healthz (baseline)", health, args.clients)
        report(baseline, None)
        for name, paths in endpoints(args.members, args.requests).items():
            drive(pool, port, key, "warm-up", paths[: args.clients * 2], args.clients)
            report(drive(pool, port, key, name, paths, args.clients), baseline)


if __name__ == "__main__":
    main()
