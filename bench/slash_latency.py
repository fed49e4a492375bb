"""Benchmark: time to acknowledge signed slash commands, next to `GET /healthz` on the same server.

    python bench/slash_latency.py [--requests 2000] [--clients 20]

Runs the real `availbot serve` (HTTP mode, waitress) in its own process on a fresh SQLite
file, with SLACK_API_URL pointing at the test suite's Slack stand-in (another process), then
sends signed `/unavailable` commands (add, list, who, types, help and unknown text, from 50
members) from concurrent clients and prints p50/p99/max time to the HTTP acknowledgement;
the baseline is the same server answering `GET /healthz`. Target: p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret"
TEAM = "T0TEAM"
TEXTS = ("list", "who", "add mar {day} Training bench", "help", "types", "frobnicate")
Request = tuple[str, str, str, dict[str, str]]


def signed_commands(count: int, response_base: str) -> list[Request]:
    """Prepared before timing (signatures stay valid for five minutes)."""
    verifier = SignatureVerifier(SECRET)
    stamp = str(int(time.time()))
    prepared = []
    for n in range(count):
        body = urlencode(
            {
                "team_id": TEAM,
                "user_id": f"U{n % 50:04d}",
                "channel_id": "C1",
                "command": "/unavailable",
                "text": TEXTS[n % len(TEXTS)].format(day=1 + n % 28),
                "response_url": f"{response_base}/respond/b{n}",
                "trigger_id": "1.2.3",
            }
        )
        signature = verifier.generate_signature(timestamp=stamp, body=body)
        assert signature is not None  # None only without a timestamp
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }
        prepared.append(("POST", "/slack/events", body, headers))
    return prepared


def timed(port: int, request: Request) -> float:
    method, path, body, headers = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        started = time.perf_counter()
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        assert response.status == 200, response.status
        return elapsed
    finally:
        connection.close()


def run(port: int, requests: list[Request], clients: int) -> list[float]:
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda r: timed(port, r), requests))


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(
        f"{name:<28} n={len(ms):>5}  p50 {statistics.median(ms):6.1f} ms  "
        f"p99 {p99:6.1f} ms  max {ms[-1]:6.1f} ms"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "availbot serve exited"
        try:
            timed(port, ("GET", "/healthz", "", {}))
            return
        except (OSError, AssertionError):
            time.sleep(0.05)
    raise SystemExit("availbot serve did not become healthy within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env = {k: v for k, v in env.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
    standin = subprocess.Popen(
        [sys.executable, "-m", "tests.bot.slack_standin", "50"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
    )
    assert standin.stdout is not None
    api_url = standin.stdout.readline().decode().strip()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env |= {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}",
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
        }
        script = Path(sys.executable).parent / "availbot"
        server = subprocess.Popen(
            [str(script), "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL
        )
        try:
            wait_healthy(port, server)
            health: list[Request] = [("GET", "/healthz", "", {})] * args.requests
            run(port, health[:200], args.clients)  # warm up
            report("GET /healthz (baseline)", run(port, health, args.clients))
            commands = signed_commands(args.requests, api_url.removesuffix("/api/"))
            report("signed /unavailable (ack)", run(port, commands, args.clients))
        finally:
            server.terminate()
            server.wait(timeout=30)
            standin.terminate()
            standin.wait(timeout=30)


if __name__ == "__main__":
    main()
