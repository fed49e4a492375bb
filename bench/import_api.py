"""Benchmark: Hotpot's upload endpoint with 100,000 rows, next to the raw floor of the same file.

    python bench/import_api.py [--rows 100000] [--members 5000] [--repeat 3]

A server process (`python bench/import_api.py --serve DB PORT`: the API's WSGI app on
waitress, as `availbot serve` runs it) answers uploads of the same export, each on a
fresh copy of the same database; the client times the request until the last byte of the
streamed answer. `commit=save` with and without an Idempotency-Key, and the preview. The
baseline is bench/raw_import.py in its own process, alternating with the uploads. The
server's peak memory is its own (wait4), over all its uploads.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import cpu_seconds, run_process
from bench.import_csv import HERE, RAW_TARGET, WS, seed, write_export

FLOOR = "csv + sqlite3.executemany"
MODES = {
    "preview": "",
    "commit=save": "?commit=save",
    "commit=save + Idempotency-Key": "?commit=save",
}


def serve(db_path: str, port: int) -> None:
    """The API alone over `db_path`, until SIGTERM."""
    from bot.api.app import create_api
    from bot.api.caller import ApiServices
    from bot.config import Settings
    from bot.http import HttpServer, wsgi_app
    from storage.repositories import open_store

    url = f"sqlite:///{db_path}"
    with open_store(url) as store:
        services = ApiServices(store, Settings(database_url=url), lambda: datetime.now(UTC))
        application = wsgi_app(None, store.ping, api=create_api(services))
        server = HttpServer(application, host="127.0.0.1", port=port)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        server.serve_forever()


def post(port: int, key: str, data: bytes, query: str, headers: dict[str, str]) -> float:
    boundary = "benchboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="hr.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    sent = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    sent |= {"Authorization": f"Bearer {key}", **headers}
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/api/availabilities/upload" + query, body=body, headers=sent)
    answer = connection.getresponse()
    while answer.read(1 << 16):
        pass
    elapsed = time.perf_counter() - began
    assert answer.status == 200, answer.status
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"))
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        export = here / "export.csv"
        write_export(export, args.rows, args.members)
        key = prepare(here / "template.db", args.members)
        best: dict[str, float] = {}
        for n in range(args.repeat):
            raw = run_process([sys.executable, str(HERE / "raw_import.py"), str(export),
                               f"sqlite:///{here / f'raw{n}.db'}"])  # fmt: skip
            _least(best, FLOOR, raw.seconds)
            _least(best, f"{FLOOR} cpu", raw.cpu)
            for name, query in MODES.items():
                db = here / f"run{n}-{len(best)}.db"
                shutil.copy(here / "template.db", db)
                seconds, peak, cpu = upload_once(db, key, export.read_bytes(), query, name, n)
                _least(best, name, seconds)
                _least(best, f"{name} cpu", cpu)
                best[f"{name} peak MB"] = max(best.get(f"{name} peak MB", peak), peak)
        report(args, best)


def _least(best: dict[str, float], name: str, value: float) -> None:
    best[name] = min(best.get(name, value), value)


def prepare(path: Path, members: int) -> str:
    from core.access.keys import create_key, set_api
    from core.access.model import Scope
    from storage.repositories import open_store

    seed(f"sqlite:///{path}", members)
    with open_store(f"sqlite:///{path}") as store:
        set_api(store, WS, True)
        now = datetime.now(UTC)
        _, key = create_key(
            store, workspace_id=WS, name="bench", scope=Scope.IMPORT, member=None, now=now
        )
        return key


def upload_once(
    db: Path, key: str, data: bytes, query: str, name: str, n: int
) -> tuple[float, float, float]:
    """The upload's wall seconds; the server's peak MB and CPU seconds (its start included)."""
    port = 18700 + n
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)])
    try:
        wait_for(port)
        headers = {"Idempotency-Key": f"bench-{n}"} if "Idempotency" in name else {}
        seconds = post(port, key, data, query, headers)
    finally:
        server.send_signal(signal.SIGTERM)
        _, _, usage = os.wait4(server.pid, 0)
    return seconds, usage.ru_maxrss / 1024, cpu_seconds(usage)


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the bench server did not start")


def report(args: argparse.Namespace, best: dict[str, float]) -> None:
    """Wall time against the floor's (the goal); CPU time (the server's, its start included)
    against the floor's, which a busy machine disturbs least."""
    raw, raw_cpu = best[FLOOR], best[f"{FLOOR} cpu"]
    print(f"rows: {args.rows:,} for {args.members:,} members")
    print(f"{FLOOR:32} {raw:6.2f} s  cpu {raw_cpu:5.2f} s  (own process, start included)")
    for name in MODES:
        ratio = best[name] / raw
        target = 2.0 if name == "preview" else RAW_TARGET
        verdict = "within" if ratio <= target else "OVER"
        print(
            f"{name:32} {best[name]:6.2f} s  ×{ratio:4.2f} of the floor (target ≤ {target:g}: "
            f"{verdict})  server cpu {best[f'{name} cpu']:5.2f} s "
            f"×{best[f'{name} cpu'] / raw_cpu:4.2f}  server peak {best[f'{name} peak MB']:.0f} MB"
        )


if __name__ == "__main__":
    main()
