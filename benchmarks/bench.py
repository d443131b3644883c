#!/usr/bin/env python3
"""Whole-process start-up benchmark of carsi against two references.

Run it with the Python of carsi's own virtual environment, after the README's
set-up (a non-editable `pip install .`, so that bytecode is compiled):

    .venv/bin/python benchmarks/bench.py            # 30 alternating rounds
    .venv/bin/python benchmarks/bench.py --rounds 60

It times, alternating in one run so that machine noise hits all alike:

* carsi commands: `funding --fy 2012` (piped, and drawn as a Rich table with
  FORCE_COLOR), `search martillo`, `programs list --format json`, `--help`, and
  bash completion of `carsi pro` invoked as Typer's bash completion script does;
* the reference: ../shared/bench/naive_baseline.py (the obvious Typer + Rich +
  PyYAML program) in its own venv holding typer==0.29.2 rich==15.0.0
  PyYAML==6.0.3, which this script builds under benchmarks/out/ on first use;
* the floor: ../shared/bench/empty_typer.py in carsi's own venv.

It prints the median wall time of each, each carsi command's ratio to the
reference and to the floor, the median peak memory (max RSS) of each, and
whether each target of the speed work is met. stdout of every run goes to
/dev/null, as when carsi's output is piped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"
OUT = HERE / "out"
REFERENCE_PINS = ["typer==0.29.2", "rich==15.0.0", "PyYAML==6.0.3"]

# name -> (argv suffix for carsi or a script path, extra environment); targets: max ratio to the reference
TARGETS = {
    "funding --fy 2012": 0.5,
    "funding --fy 2012 (Rich table)": 0.5,
    "search martillo": 0.5,
    "programs list --format json": None,
    "--help": 0.6,
    "complete 'carsi pro'": 0.4,
}


def reference_python() -> Path:
    """The reference venv's interpreter, building the venv on first use."""
    env_dir = OUT / "reference-venv"
    python = env_dir / "bin" / "python"
    marker = env_dir / "pins.txt"
    if not python.exists() or not marker.exists() or marker.read_text() != " ".join(REFERENCE_PINS):
        if env_dir.exists():
            shutil.rmtree(env_dir)
        print(f"building the reference venv in {env_dir} ({' '.join(REFERENCE_PINS)}) ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(env_dir)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REFERENCE_PINS], check=True)
        marker.write_text(" ".join(REFERENCE_PINS))
    return python


def carsi_executable() -> Path:
    exe = Path(sys.executable).parent / "carsi"
    if not exe.exists():
        sys.exit(f"no carsi next to {sys.executable}: run this with the Python of carsi's venv")
    return exe


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole-process run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss


def measure(
    cases: dict[str, tuple[list[str], dict[str, str]]], rounds: int, warmup: int
) -> dict[str, tuple[list[float], list[int]]]:
    results: dict[str, tuple[list[float], list[int]]] = {name: ([], []) for name in cases}
    for round_ in range(warmup + rounds):
        for name, (argv, env) in cases.items():  # alternating: every case once per round
            elapsed, rss = run_once(argv, env)
            if round_ >= warmup:
                results[name][0].append(elapsed)
                results[name][1].append(rss)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    carsi = str(carsi_executable())
    python = sys.executable
    ref = str(reference_python())
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CARSI_", "FORCE_COLOR", "TTY_COMPATIBLE", "_CARSI"))
    }
    base_env["CARSI_CACHE_DIR"] = str(OUT / "cache")
    table_env = {**base_env, "FORCE_COLOR": "1", "COLUMNS": "120", "TERM": "xterm"}
    complete_env = {**base_env, "_CARSI_COMPLETE": "complete_bash", "COMP_WORDS": "carsi pro", "COMP_CWORD": "1"}
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "reference": ([ref, str(SHARED_BENCH / "naive_baseline.py"), "funding", "--fy", "2012"], base_env),
        "floor": ([python, str(SHARED_BENCH / "empty_typer.py"), "funding", "--fy", "2012"], base_env),
        "funding --fy 2012": ([carsi, "funding", "--fy", "2012"], base_env),
        "funding --fy 2012 (Rich table)": ([carsi, "funding", "--fy", "2012"], table_env),
        "search martillo": ([carsi, "search", "martillo"], base_env),
        "programs list --format json": ([carsi, "programs", "list", "--format", "json"], base_env),
        "--help": ([carsi, "--help"], base_env),
        "complete 'carsi pro'": ([carsi], complete_env),
    }
    check = subprocess.run([carsi], env=complete_env, capture_output=True, text=True, check=False)
    if check.stdout.strip() != "programs":
        sys.exit(f"completion of 'carsi pro' printed {check.stdout!r}, expected 'programs'")

    results = measure(cases, args.rounds, args.warmup)
    median = {name: statistics.median(times) for name, (times, _) in results.items()}
    memory = {name: statistics.median(rss) for name, (_, rss) in results.items()}

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    print(f"rounds: {args.rounds} alternating (after {args.warmup} warm-up), medians\n")
    print("| command | median ms | x reference | x floor | peak RSS MiB | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    failures = 0
    for name in cases:
        ms = median[name] * 1000
        rss = memory[name] / 1024
        if name in ("reference", "floor"):
            print(
                f"| {name} | {ms:.1f} | {median[name] / median['reference']:.2f} | {median[name] / median['floor']:.2f} | {rss:.1f} | | |"
            )
            continue
        ratio = median[name] / median["reference"]
        target = TARGETS[name]
        time_ok = target is None or ratio <= target
        memory_ok = memory[name] < memory["reference"]
        met = time_ok and memory_ok
        failures += not met
        goal = (f"<= {target}x time, " if target else "") + "< reference RSS"
        print(
            f"| carsi {name} | {ms:.1f} | {ratio:.2f} | {median[name] / median['floor']:.2f} | {rss:.1f} | {goal} | {'yes' if met else 'NO'} |"
        )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
