"""Load test of `POST /api/v1/assess` on loopback: requests/s and p50/p99 latency with wrk.

    python benchmarks/load.py                     # 1 and 2 workers, 32 connections, 10 s each
    python benchmarks/load.py --workers 2 --seconds 20 --connections 64

Starts `sciatica serve --quiet` on a free loopback port for each worker count, posts a realistic
examined case (the contract's L5 example) with wrk (Debian: apt-get install -y wrk), stops the
server, and prints one line per run and the fastest. Aim (issue 3): at least 1,000 requests/s with
p99 under 50 ms at 32 connections on a 2-core machine. Traffic goes to 127.0.0.1 only, for a
bounded time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

HOST = "127.0.0.1"
CASE = "paralysing-l5-contract"
AIM_RPS = 1000.0
AIM_P99_MS = 50.0
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
"""


@dataclass
class Result:
    workers: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_ms: float | None = None  # server CPU time per request (all its processes)
    wrk_cpu_ms: float | None = None  # the load generator's CPU time per request

    def line(self) -> str:
        cpu = ""
        if self.server_cpu_ms is not None and self.wrk_cpu_ms is not None:
            cpu = f", CPU per request: server {self.server_cpu_ms:.2f} ms, wrk {self.wrk_cpu_ms:.2f} ms"
        return (
            f"workers={self.workers}  {self.requests_per_s:,.0f} requests/s  "
            f"p50 {self.p50_ms:.2f} ms  p99 {self.p99_ms:.2f} ms  "
            f"({self.requests:,} requests, {self.errors} errors{cpu})"
        )


def group_cpu_seconds(group: int) -> float | None:
    """CPU time (user + system) of every live process in a process group, from /proc (Linux);
    None elsewhere. The server runs in its own group, so this is the server and its workers."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (name) "
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def case_body() -> str:
    text = resources.files("sciatica").joinpath("examples", f"{CASE}.json").read_text("utf-8")
    return json.dumps(json.loads(text), separators=(",", ":"))


def start_server(workers: int, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "sciatica.cli.main", "serve", "--host", HOST]
    command += ["--port", str(port), "--workers", str(workers), "--quiet"]
    env = {**os.environ, "SCIATICA_SECRET_KEY": "benchmark-only-key"}  # one key for all workers
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers stop with it
    )


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise SystemExit(f"the server exited with {server.returncode}:\n{error}")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not start within {timeout} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    if server.stderr:
        server.stderr.close()


def check_answer(base: str, body: str) -> None:
    """One request by hand first: the benchmark must measure real assessments, not errors."""
    request = urllib.request.Request(
        f"{base}/api/v1/assess",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        data = json.loads(answer.read())
    if answer.status != 200 or data.get("format") != "sciatica-assessment/1":
        raise SystemExit(f"unexpected answer {answer.status}: {data}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"cannot read the duration {text!r}")
    return float(match[1]) * UNITS[match[2]]


def parse_wrk(output: str, workers: int) -> Result:
    def find(pattern: str) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise SystemExit(f"cannot read wrk's output ({pattern}):\n{output}")
        return match[1]

    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx[1])
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(
        workers=workers,
        requests_per_s=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=to_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=to_ms(find(r"^\s+99%\s+(\S+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        errors=errors,
    )


def run_wrk(
    wrk: str, base: str, script: Path, *, threads: int, connections: int, seconds: int
) -> str:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "5s", "-s", str(script), f"{base}/api/v1/assess"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def measure(wrk: str, script: Path, body: str, workers: int, args: argparse.Namespace) -> Result:
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(workers, port)
    try:
        wait_until_up(base, server)
        check_answer(base, body)
        # warm-up: import caches, JIT-free Python still benefits from warm allocators and sockets
        run_wrk(wrk, base, script, threads=args.threads, connections=args.connections, seconds=2)
        server_before, wrk_before = group_cpu_seconds(server.pid), children_cpu_seconds()
        output = run_wrk(
            wrk,
            base,
            script,
            threads=args.threads,
            connections=args.connections,
            seconds=args.seconds,
        )
        server_after, wrk_after = group_cpu_seconds(server.pid), children_cpu_seconds()
    finally:
        stop_server(server)
    if args.verbose:
        print(output)
    result = parse_wrk(output, workers)
    if server_before is not None and server_after is not None and result.requests:
        result.server_cpu_ms = (server_after - server_before) * 1000 / result.requests
        result.wrk_cpu_ms = (wrk_after - wrk_before) * 1000 / result.requests
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--verbose", action="store_true", help="print wrk's full output")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 120:
        parser.error("--seconds must be 1-120 (the run is bounded)")

    wrk = shutil.which("wrk")
    if wrk is None:
        print("benchmarks/load.py needs wrk: apt-get install -y wrk", file=sys.stderr)
        return 2
    body = case_body()
    print(
        f"POST /api/v1/assess ({CASE}, {len(body)} bytes) on {HOST}, "
        f"{args.connections} connections, wrk -t{args.threads}, {args.seconds} s per run, "
        f"{os.cpu_count()} cores"
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(LUA.replace("{body}", body), encoding="utf-8")
        for workers in args.workers:
            result = measure(wrk, script, body, workers, args)
            print(result.line(), flush=True)
            results.append(result)
    best = max(results, key=lambda r: r.requests_per_s)
    met = best.requests_per_s >= AIM_RPS and best.p99_ms < AIM_P99_MS and best.errors == 0
    if best.server_cpu_ms:
        cores = os.cpu_count() or 1
        ceiling = cores * 1000 / (best.server_cpu_ms + (best.wrk_cpu_ms or 0))
        print(
            f"CPU bound: {cores} cores / (server + wrk CPU per request) = at most "
            f"{ceiling:,.0f} requests/s on an otherwise idle machine"
        )
    print(
        f"fastest: {best.line()}\n"
        f"aim (>= {AIM_RPS:,.0f} requests/s, p99 < {AIM_P99_MS:.0f} ms, no errors): "
        f"{'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
