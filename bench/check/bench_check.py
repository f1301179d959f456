"""Benchmark: `dual-layout check` at a million files against the pyiceberg scripts a platform
engineer would write, in one run.

Builds (once, cached in --workdir, outside the repository) tables of --files data files
(default 1,000,000) and of the --curve sizes through pyiceberg's fast_append, with the same
files in the data root (hard links to a few small Parquet files), then measures, in this run:

- wall time and peak RSS of `dual-layout check` at every size (the memory curve);
- at --files, alternating --rounds times (best wall, worst peak kept): the check, the leanest
  pyiceberg script (`fetch_manifest_entry` over the snapshot's manifests plus an os.walk
  listing, baseline_lean.py) and pyiceberg's `inspect.files()` plus a listing (baseline.py);
- the physical floor: listing the data root plus reading and inflating every manifest once;
- a re-check after one small append, in one process sharing one metadata cache and one
  comparison memo, and whether its verdict equals a fresh check's;
- where the check's time and memory go, phase by phase.

    .venv/bin/python bench/check/bench_check.py [--files N] [--curve N,N] [--rounds R] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from build_table import build

from tests.fixtures.helper_cli import build_helper_bundle

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MIB = 1024 * 1024


def measure(command: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes (the process and its threads) and stdout of one process."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={**os.environ, **(env or {})},
        )
        assert process.stdout is not None
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            stderr.seek(0)
            raise SystemExit(
                f"{command[:2]} failed with {code}: {stderr.read().decode()[-2000:]}"
            )
    return elapsed, usage.ru_maxrss * 1024, stdout.decode()


def prepare(workdir: Path, files: int) -> tuple[dict, Path, Path]:
    """The built table's info, its bench.json and a PYICEBERG_HOME naming its catalog."""
    info = build(workdir / str(files), files)
    config = workdir / str(files) / "bench.json"
    config.write_text(json.dumps(info))
    home = config.parent / "home"
    home.mkdir(exist_ok=True)
    (home / ".pyiceberg.yaml").write_text(
        json.dumps({"catalog": {"bench": info["properties"]}})
    )
    # Warm the page cache for every side alike.
    subprocess.run(
        ["find", info["data_root"], "-type", "f"], stdout=subprocess.DEVNULL, check=True
    )
    return info, config, home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--curve", default="200000,500000")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path.home() / ".cache" / "dual-layout-bench" / "check",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternating runs of each side at --files (best time, worst peak kept)",
    )
    args = parser.parse_args()
    sizes = sorted({*(int(n) for n in args.curve.split(",") if n), args.files})

    bundles = args.workdir / "bundles"
    bundles.mkdir(parents=True, exist_ok=True)
    helper = build_helper_bundle(bundles / "dual-layout.js")
    scripts = {
        name: build_helper_bundle(bundles / f"{name}.js", f"bench/check/{name}.ts")
        for name in ("phases", "floor", "recheck")
    }

    curve: dict[int, tuple[float, int, str]] = {}
    for size in sizes:
        info, config, home = prepare(args.workdir, size)
        check = ["node", str(helper), "check", "--format", "json", info["table"]]
        if size != args.files:
            curve[size] = measure(check, {"PYICEBERG_HOME": str(home)})
    info, config, home = prepare(args.workdir, args.files)
    check = ["node", str(helper), "check", "--format", "json", info["table"]]
    sides = {
        "dual-layout check": (check, {"PYICEBERG_HOME": str(home)}),
        "lean pyiceberg (manifest entries + os.walk)": (
            [sys.executable, str(HERE / "baseline_lean.py"), str(config)],
            None,
        ),
        "pyiceberg inspect.files() + os.walk": (
            [sys.executable, str(HERE / "baseline.py"), str(config)],
            None,
        ),
    }
    runs: dict[str, list[tuple[float, int, str]]] = {side: [] for side in sides}
    for _ in range(args.rounds):
        for side, (command, env) in sides.items():
            runs[side].append(measure(command, env))
    best = {side: min(r[0] for r in rs) for side, rs in runs.items()}
    peak = {side: max(r[1] for r in rs) for side, rs in runs.items()}
    curve[args.files] = (best["dual-layout check"], peak["dual-layout check"], "")
    verdict = json.loads(runs["dual-layout check"][0][2])["tables"][0]
    lean = json.loads(runs["lean pyiceberg (manifest entries + os.walk)"][0][2])
    floor = json.loads(measure(["node", str(scripts["floor"]), str(config)])[2])
    _, recheck_rss, recheck_out = measure(
        ["node", str(scripts["recheck"]), str(config)]
    )
    recheck = json.loads(recheck_out)
    phases = json.loads(measure(["node", str(scripts["phases"]), str(config)])[2])

    ours = best["dual-layout check"]
    floor_s = (floor["listingMs"] + floor["manifestsMs"]) / 1000
    print(
        f"table: {info['table']} with {info['files']:,} data files in {floor['manifests']} manifests "
        f"(built in {info['build_seconds']} s, cached in {args.workdir})"
    )
    print(
        f"{args.rounds} alternating run(s) per side (best wall, worst peak); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs shared with other work"
    )
    print(f"{'side':46} {'wall s':>8} {'peak MiB':>9} {'ours faster':>12}")
    for side in sides:
        print(
            f"{side:46} {best[side]:8.2f} {peak[side] / MIB:9.0f} {best[side] / ours:11.1f}x"
        )
    print(
        f"  verdict {verdict['status']} ({len(verdict['findings'])} findings); lean script: {lean}"
    )
    print("targets: peak <= 512 MiB; >= 4x the lean script; >= 10x inspect.files()")
    print("peak RSS of the check by table size:")
    for size in sorted(curve):
        wall, rss, _ = curve[size]
        print(
            f"  {size:>9,} files  {rss / MIB:6.0f} MiB  {wall:6.2f} s  ({rss / size:5.0f} B/file)"
        )
    print(
        f"physical floor: {floor_s:.2f} s = listing {floor['listingMs'] / 1000:.2f} s "
        f"({floor['files']:,} files) + reading and inflating {floor['manifests']} manifests "
        f"{floor['manifestsMs'] / 1000:.2f} s ({floor['inflatedBytes'] / MIB:.0f} MiB); "
        f"check / floor = {ours / floor_s:.1f}x (goal <= 2x)"
    )
    full, again = recheck["full"], recheck["recheck"]
    print(
        f"re-check after a {info['append_files']}-file append (one process, one cache): full "
        f"{full['ms'] / 1000:.2f} s, re-check {again['ms'] / 1000:.2f} s = "
        f"{100 * again['ms'] / full['ms']:.1f}% (target <= 5%); verdict equal to a fresh check's: "
        f"{recheck['sameAsFresh']}; cache {recheck['cachedMiB']} MiB, comparison memo "
        f"{recheck['memoMiB']} MiB, process peak {recheck_rss / MIB:.0f} MiB"
    )
    print(
        f"  phase ends (ms since start) full {full['phasesEndMs']}, re-check {again['phasesEndMs']}"
    )
    print(
        f"  directories read / reused: full {full['directories']['read']} / "
        f"{full['directories']['reused']}, re-check {again['directories']['read']} / "
        f"{again['directories']['reused']}; directories compared / reused: full "
        f"{full['comparisons']['computed']} / {full['comparisons']['reused']}, re-check "
        f"{again['comparisons']['computed']} / {again['comparisons']['reused']}"
    )
    for run, title in (("full", "check"), ("recheck", "re-check after the append")):
        print(f"where the {title}'s time goes (ms, phases run one after the other):")
        for phase, ms in phases[run].items():
            print(f"  {ms:7d}  {phase}")


if __name__ == "__main__":
    main()
