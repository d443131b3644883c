#!/usr/bin/env python3
"""Whole-process benchmarks of carsi: start-up against two references, and scale.

Run it with the Python of carsi's own virtual environment, after the README's
set-up (a non-editable `pip install .`, so that bytecode is compiled):

    .venv/bin/python benchmarks/bench.py                  # both parts, about 3 minutes
    .venv/bin/python benchmarks/bench.py --part startup --rounds 60
    .venv/bin/python benchmarks/bench.py --part scale
    .venv/bin/python benchmarks/bench.py --part export --sizes 1000 10000

Start-up. It times, alternating in one run so that machine noise hits all alike:

* carsi commands: `funding --fy 2012` (piped, and drawn as a terminal table
  with FORCE_COLOR), `search martillo`, `programs list` (a terminal table, and
  `--format json`), `--help`, and
  bash completion of `carsi pro` and of `carsi programs show ` (the programs'
  ids, read from the cached model) invoked as Typer's bash completion script does;
* the reference: ../shared/bench/naive_baseline.py (the obvious Typer + Rich +
  PyYAML program) in its own venv holding typer==0.29.2 rich==15.0.0
  PyYAML==6.0.3, which this script builds under benchmarks/out/ on first use;
* the floor: ../shared/bench/empty_typer.py in carsi's own venv.

It prints the median wall time of each, each carsi command's ratio to the
reference and to the floor, the median peak memory (max RSS) of each, and
whether each target of the speed work is met. stdout of every run goes to
/dev/null, as when carsi's output is piped.

Scale. For models of N = 100, 1,000 and 10,000 programs written by
generate.py (about three funding records each, and a source text holding
every quote, so that loading checks them all), it times `funding --fy 2010`,
`search guatemala` and `programs list --format json`: first runs (an empty
cache each time) and repeated runs (the cache warm), with their peak memory,
against `yaml.load(text, Loader=yaml.CSafeLoader)` alone on the same file and
against the same commands on the bundled model. Targets: at N = 10,000 a first
run takes at most 1.2x the YAML load alone and a repeated run at most 3x the
bundled model's; time and memory grow no faster than N.

Export. `carsi export html -` of the bundled model and of each generated one,
the cache warm: time and memory grow no faster than N.

The exit status is 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    "funding --fy 2012 (terminal table)": 0.7,
    "search martillo": 0.5,
    "programs list (terminal table)": 0.7,
    "programs list --format json": None,
    "--help": 0.6,
    "complete 'carsi pro'": 0.45,
    "complete 'carsi programs show '": 0.45,
    "source --annotate": 0.5,
    "source --annotate (Rich)": 0.7,
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


def startup(rounds: int, warmup: int, env: dict[str, str]) -> int:
    """The start-up part; returns the number of missed targets."""
    carsi = str(carsi_executable())
    python = sys.executable
    ref = str(reference_python())
    table_env = {**env, "FORCE_COLOR": "1", "COLUMNS": "120", "TERM": "xterm"}
    complete_env = {**env, "_CARSI_COMPLETE": "complete_bash", "COMP_WORDS": "carsi pro", "COMP_CWORD": "1"}
    # completing a value reads the (cached) model: the ids of the programs
    ids_env = {**env, "_CARSI_COMPLETE": "complete_bash", "COMP_WORDS": "carsi programs show ", "COMP_CWORD": "3"}
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "reference": ([ref, str(SHARED_BENCH / "naive_baseline.py"), "funding", "--fy", "2012"], env),
        "floor": ([python, str(SHARED_BENCH / "empty_typer.py"), "funding", "--fy", "2012"], env),
        "funding --fy 2012": ([carsi, "funding", "--fy", "2012"], env),
        "funding --fy 2012 (terminal table)": ([carsi, "funding", "--fy", "2012"], table_env),
        "search martillo": ([carsi, "search", "martillo"], env),
        "programs list (terminal table)": ([carsi, "programs", "list"], table_env),
        "programs list --format json": ([carsi, "programs", "list", "--format", "json"], env),
        "--help": ([carsi, "--help"], env),
        "complete 'carsi pro'": ([carsi], complete_env),
        "complete 'carsi programs show '": ([carsi], ids_env),
        "source --annotate": ([carsi, "source", "--annotate"], env),
        "source --annotate (Rich)": ([carsi, "source", "--annotate"], table_env),
    }
    check = subprocess.run([carsi], env=complete_env, capture_output=True, text=True, check=False)
    if check.stdout.strip() != "programs":
        sys.exit(f"completion of 'carsi pro' printed {check.stdout!r}, expected 'programs'")
    check = subprocess.run([carsi], env=ids_env, capture_output=True, text=True, check=False)
    if "carsi" not in check.stdout.split():
        sys.exit(f"completion of 'carsi programs show ' printed {check.stdout!r}, expected the programs' ids")

    results = measure(cases, rounds, warmup)
    median = {name: statistics.median(times) for name, (times, _) in results.items()}
    memory = {name: statistics.median(rss) for name, (_, rss) in results.items()}

    print(f"## Start-up: {rounds} alternating rounds (after {warmup} warm-up), medians\n")
    print("| command | median ms | x reference | x floor | peak RSS MiB | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    missed = 0
    for name in cases:
        ms = median[name] * 1000
        rss = memory[name] / 1024
        x_ref = median[name] / median["reference"]
        x_floor = median[name] / median["floor"]
        if name in ("reference", "floor"):
            print(f"| {name} | {ms:.1f} | {x_ref:.2f} | {x_floor:.2f} | {rss:.1f} | | |")
            continue
        target = TARGETS[name]
        met = (target is None or x_ref <= target) and memory[name] < memory["reference"]
        missed += not met
        goal = (f"<= {target}x time, " if target else "") + "< reference RSS"
        print(
            f"| carsi {name} | {ms:.1f} | {x_ref:.2f} | {x_floor:.2f} | {rss:.1f} | {goal} | {'yes' if met else 'NO'} |"
        )
    print()
    return missed


SCALE_COMMANDS = {
    "funding --fy 2010": ["funding", "--fy", "2010"],
    "search guatemala": ["search", "guatemala"],
    "programs list --format json": ["programs", "list", "--format", "json"],
}


def model(n: int) -> Path:
    """The generated model of n programs (and its source text), written once."""
    path = OUT / f"model-{n}.yaml"
    generator = HERE / "generate.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        subprocess.run([sys.executable, str(generator), str(n), str(path), "--text"], check=True)
    return path


def scale(sizes: list[int], rounds: int, env: dict[str, str]) -> int:
    """The scale part; returns the number of missed targets."""
    carsi = str(carsi_executable())
    python = sys.executable
    yaml_load = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
    warm_env = {**env, "CARSI_CACHE_DIR": str(OUT / "scale-cache")}
    paths = {n: model(n) for n in sizes}

    cases: dict[str, tuple[list[str], dict[str, str]]] = {}
    for name, args in SCALE_COMMANDS.items():
        cases[f"bundled|{name}"] = ([carsi, *args], warm_env)
    for n, path in paths.items():
        cases[f"{n}|yaml.load"] = ([python, "-c", yaml_load, str(path)], env)
        for name, args in SCALE_COMMANDS.items():
            cases[f"{n}|{name}|repeated"] = ([carsi, "--data", str(path), *args], warm_env)
            cases[f"{n}|{name}|first"] = ([carsi, "--data", str(path), *args], env)  # cache dir set per run
    for argv, run_env in cases.values():  # warm the cache for repeated runs
        if run_env is warm_env:
            run_once(argv, run_env)

    results: dict[str, tuple[list[float], list[int]]] = {name: ([], []) for name in cases}
    for _ in range(rounds):
        for name, (argv, run_env) in cases.items():
            if name.endswith("|first"):
                with tempfile.TemporaryDirectory(dir=OUT) as empty:
                    elapsed, rss = run_once(argv, {**run_env, "CARSI_CACHE_DIR": empty})
            else:
                elapsed, rss = run_once(argv, run_env)
            results[name][0].append(elapsed)
            results[name][1].append(rss)
    ms = {name: statistics.median(t) * 1000 for name, (t, _) in results.items()}
    mib = {name: statistics.median(r) / 1024 for name, (_, r) in results.items()}

    print(f"## Scale: {rounds} alternating rounds, medians (models with a source text of every quote)\n")
    print("| N | command | first run ms | x yaml.load | repeated ms | x bundled | peak RSS MiB (first / repeated) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for name in SCALE_COMMANDS:
        print(f"| bundled | {name} | | | {ms[f'bundled|{name}']:.0f} | 1.00 | {mib[f'bundled|{name}']:.0f} |")
    for n in sizes:
        print(f"| {n:,} | yaml.load alone | {ms[f'{n}|yaml.load']:.0f} | 1.00 | | | {mib[f'{n}|yaml.load']:.0f} |")
        for name in SCALE_COMMANDS:
            first, repeated = ms[f"{n}|{name}|first"], ms[f"{n}|{name}|repeated"]
            memory = f"{mib[f'{n}|{name}|first']:.0f} / {mib[f'{n}|{name}|repeated']:.0f}"
            print(
                f"| {n:,} | {name} | {first:.0f} | {first / ms[f'{n}|yaml.load']:.2f} | {repeated:.0f} "
                f"| {repeated / ms[f'bundled|{name}']:.2f} | {memory} |"
            )
    print()
    missed = 0
    largest = max(sizes)
    checks = []
    for name in SCALE_COMMANDS:
        first = ms[f"{largest}|{name}|first"] / ms[f"{largest}|yaml.load"]
        repeated = ms[f"{largest}|{name}|repeated"] / ms[f"bundled|{name}"]
        checks.append((f"N={largest:,} {name}: first run {first:.2f}x yaml.load (<= 1.2)", first <= 1.2))
        checks.append((f"N={largest:,} {name}: repeated {repeated:.2f}x bundled (<= 3)", repeated <= 3))
        for low, high in itertools.pairwise(sizes):
            growth = high / low
            for what in ("first", "repeated"):
                t = ms[f"{high}|{name}|{what}"] / ms[f"{low}|{name}|{what}"]
                m = mib[f"{high}|{name}|{what}"] / mib[f"{low}|{name}|{what}"]
                checks.append(
                    (
                        f"N {low:,} -> {high:,} {name} ({what}): time x{t:.1f}, memory x{m:.1f} (<= x{growth:g})",
                        t <= growth and m <= growth,
                    )
                )
    for label, ok in checks:
        missed += not ok
        print(f"- {'met' if ok else 'MISSED'}: {label}")
    print()
    return missed


def export(sizes: list[int], rounds: int, env: dict[str, str]) -> int:
    """The export part: `export html` of each generated model (cache warm), which
    must grow no faster than the model; returns the number of missed targets."""
    carsi = str(carsi_executable())
    warm_env = {**env, "CARSI_CACHE_DIR": str(OUT / "scale-cache")}
    cases = {n: [carsi, "--data", str(model(n)), "export", "html", "-"] for n in sizes}
    cases[0] = [carsi, "export", "html", "-"]
    for argv in cases.values():
        run_once(argv, warm_env)
    results: dict[int, tuple[list[float], list[int]]] = {n: ([], []) for n in cases}
    for _ in range(rounds):
        for n, argv in cases.items():
            elapsed, rss = run_once(argv, warm_env)
            results[n][0].append(elapsed)
            results[n][1].append(rss)
    ms = {n: statistics.median(t) * 1000 for n, (t, _) in results.items()}
    mib = {n: statistics.median(r) / 1024 for n, (_, r) in results.items()}
    print(f"## Export: `carsi export html -` (cache warm), {rounds} alternating rounds, medians\n")
    print("| N | ms | peak RSS MiB |")
    print("| ---: | ---: | ---: |")
    for n in cases:
        print(f"| {'bundled' if n == 0 else f'{n:,}'} | {ms[n]:.0f} | {mib[n]:.0f} |")
    print()
    missed = 0
    for low, high in itertools.pairwise(sorted(sizes)):
        t, m = ms[high] / ms[low], mib[high] / mib[low]
        ok = t <= high / low and m <= high / low
        missed += not ok
        print(
            f"- {'met' if ok else 'MISSED'}: N {low:,} -> {high:,}: time x{t:.1f}, memory x{m:.1f} (<= x{high / low:g})"
        )
    print()
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("all", "startup", "scale", "export"), default="all")
    parser.add_argument("--rounds", type=int, default=30, help="rounds of the start-up part")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--scale-rounds", type=int, default=3, help="rounds of the scale part")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()

    if args.part in ("all", "startup") and not (SHARED_BENCH / "naive_baseline.py").exists():
        sys.exit(f"the reference programs are not in {SHARED_BENCH}: check out carsi beside shared/")
    OUT.mkdir(exist_ok=True)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CARSI_", "FORCE_COLOR", "TTY_COMPATIBLE", "_CARSI"))
    }
    env["CARSI_CACHE_DIR"] = str(OUT / "cache")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}\n"
    )
    missed = 0
    if args.part in ("all", "startup"):
        missed += startup(args.rounds, args.warmup, env)
    if args.part in ("all", "scale"):
        missed += scale(sorted(args.sizes), args.scale_rounds, env)
    if args.part in ("all", "export"):
        missed += export(sorted(args.sizes), args.scale_rounds, env)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
