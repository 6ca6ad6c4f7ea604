"""Run the benchmark suite and print the report (Markdown), optionally also as JSON.

    python3 infra/dev.py bench                      # everything, default repetitions
    python3 infra/dev.py bench --quick              # a rough look: few repetitions, 200 requests
    python3 infra/dev.py bench --only cold,warm     # skip the artifact build
    python3 infra/dev.py bench --json bench.json    # also write every figure as JSON

Figures are reported, never asserted: a benchmark is not a test. The report marks each target as
met or not, from the medians of this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from infra.build.template import ROOT

from . import artifact, cold, warm

SECTIONS = ("cold", "warm", "artifact")

# The targets. MB is 10^6 bytes throughout.
TARGETS = {
    "submit_import_ratio": 1.3,
    "own_p50_ms": 1.0,
    "own_p99_ms": 3.0,
    "peak_rss_mb": 80.0,
    "deployed_init_ratio": 2.0,
    "artifact_zipped_mb": 8.0,
}


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import boto3, botocore, pydantic, aws_lambda_powertools as p; "
            "print(boto3.__version__, botocore.__version__, pydantic.VERSION, p.__version__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "boto3": versions[0] if versions else "?",
        "botocore": versions[1] if len(versions) > 1 else "?",
        "pydantic": versions[2] if len(versions) > 2 else "?",
        "powertools": versions[3] if len(versions) > 3 else "?",
        "load_average_at_start": list(os.getloadavg()),
    }


def _iqr(s: dict[str, Any], unit: str, digits: int = 1) -> str:
    return f"{s['median']:.{digits}f} {unit} (IQR {s['q1']:.{digits}f}-{s['q3']:.{digits}f})"


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def _import_label(c: dict[str, Any], kind: str) -> str:
    if kind == "stack":
        return "pydantic + Powertools Logger, Metrics, event handler (no code of ours)"
    return f"`{c['functions'][kind].rsplit('.', 1)[0]}`"


def _cold_rows(c: dict[str, Any], note: str = "", init_target: float | None = None) -> list[str]:
    rows = []
    boto = c["import_ms"]["boto3"]
    names = list(c["functions"])
    for kind in ("stack", *names):
        ratio = c["import_ratio"][kind]
        target = TARGETS["submit_import_ratio"] if kind == "submit" and not note else None
        rows.append(
            f"| cold import{note}: {_import_label(c, kind)} | {_iqr(c['import_ms'][kind], 'ms', 0)} | `import boto3` {_iqr(boto, 'ms', 0)} "
            f"| {ratio['median']:.2f}x ({ratio['low']:.2f}-{ratio['high']:.2f}) "
            f"| {f'<= {target:.1f}x' if target else '-'} | {_verdict(ratio['median'], target) if target else ''} |"
        )
    base = c["init_ms"]["baseline"]
    for kind in names:
        ratio = c["init_ratio"][kind]
        verdict = f"<= {init_target:.1f}x | {_verdict(ratio['median'], init_target)}" if init_target else "- |"
        rows.append(
            f"| cold init{note}: import + first answer, `{kind}` | {_iqr(c['init_ms'][kind], 'ms', 0)} "
            f"| boto3 + client + PutItem {_iqr(base, 'ms', 0)} "
            f"| {ratio['median']:.2f}x ({ratio['low']:.2f}-{ratio['high']:.2f}) "
            f"| {verdict} |"
        )
    return rows


def loads_summary(found: dict[str, Any]) -> str:
    """`45: adapters/ 9, domain/ 21, handlers/ 7, messages/ 1; form_fields, observability, settings, wiring`."""
    packages = ", ".join(f"{group}/ {len(names)}" for group, names in found["subpackages"].items())
    return f"{found['count']}: {packages}{'; ' if packages and found['top_level'] else ''}{', '.join(found['top_level'])}"


def _loads_rows(c: dict[str, Any], where: str) -> list[str]:
    """What each function loaded of its own package after its first answer, and the calls it made."""
    lines = [
        "",
        f"What each function has loaded of its own package after its first answer ({where}): how many modules, per "
        "subpackage, then the package's top-level modules; and the calls its first request made, answered in memory.",
        "",
        "| function | handler | modules loaded | calls |",
        "| --- | --- | --- | --- |",
    ]
    for kind, found in c["loads"].items():
        calls = ", ".join(f"{op} {n}" for op, n in found["calls"].items())
        lines.append(f"| `{kind}` | `{c['functions'][kind]}` | {loads_summary(found)} | {calls} |")
    return lines


def _warm_rows(warm: dict[str, Any]) -> list[str]:
    rows = []
    w = warm["targets"]
    base = w["baseline"]
    for kind in ("submit", "notify"):
        t = w[kind]
        own, total = t["own_ms"], t["total_ms"]
        rows.append(
            f"| warm request, own work p50 / p99 (`{kind}`) | {own['median']:.2f} / {own['p99']:.2f} ms "
            f"| {base['own_ms']['median']:.2f} / {base['own_ms']['p99']:.2f} ms | - "
            f"| <= {TARGETS['own_p50_ms']:.0f} / {TARGETS['own_p99_ms']:.0f} ms "
            f"| {_verdict(own['median'], TARGETS['own_p50_ms'])} / {_verdict(own['p99'], TARGETS['own_p99_ms'])} |"
        )
        cpu = t["own_cpu_ms"]
        rows.append(
            f"| warm request, own work in CPU time p50 / p99 (`{kind}`) | {cpu['median']:.2f} / {cpu['p99']:.2f} ms "
            f"| {base['own_cpu_ms']['median']:.2f} / {base['own_cpu_ms']['p99']:.2f} ms | - "
            f"| <= {TARGETS['own_p50_ms']:.0f} / {TARGETS['own_p99_ms']:.0f} ms "
            f"| {_verdict(cpu['median'], TARGETS['own_p50_ms'])} / {_verdict(cpu['p99'], TARGETS['own_p99_ms'])} |"
        )
        calls = ", ".join(f"{op} {n:g}" for op, n in t["calls_per_request"].items() if n >= 0.5)
        rows.append(
            f"| warm request, whole handler p50 / p99 (`{kind}`; AWS in memory: {calls}) "
            f"| {total['median']:.2f} / {total['p99']:.2f} ms (SDK {t['sdk_ms']['median']:.2f}) "
            f"| {base['total_ms']['median']:.2f} / {base['total_ms']['p99']:.2f} ms (SDK {base['sdk_ms']['median']:.2f}) "
            f"| {t['p50_ratio']['median']:.1f}x ({t['p50_ratio']['low']:.1f}-{t['p50_ratio']['high']:.1f}) | - | |"
        )
    for kind in ("submit", "notify"):
        t = w[kind]
        rows.append(
            f"| peak RSS after {warm['requests'] + warm['warmup']} requests (`{kind}`) "
            f"| {t['peak_rss_mb']['median']:.1f} MB ({t['peak_rss_mb']['low']:.1f}-{t['peak_rss_mb']['high']:.1f}) "
            f"| {base['peak_rss_mb']['median']:.1f} MB | {t['rss_ratio']['median']:.2f}x "
            f"| <= {TARGETS['peak_rss_mb']:.0f} MB | {_verdict(t['peak_rss_mb']['median'], TARGETS['peak_rss_mb'])} |"
        )
    return rows


def _artifact_rows(a: dict[str, Any]) -> list[str]:
    target = TARGETS["artifact_zipped_mb"]
    if not a["built"]:
        return [f"| artifact, zipped | not built: {a['reason'].splitlines()[0]} | - | - | <= {target:.0f} MB | |"]
    mb = a["zipped_bytes"] / 1e6
    return [
        f"| artifact (every function), zipped (unzipped) | {mb:.2f} MB ({a['unzipped_bytes'] / 1e6:.1f} MB, {a['bytecode_files']} .pyc) "
        f"| - | - | <= {target:.0f} MB | {_verdict(mb, target)} |"
    ]


def _breakdown_rows(b: dict[str, Any]) -> list[str]:
    """Where the cold init as deployed goes beyond the floor's, per function."""
    kinds = [k for k in b if k != "reps"]
    lines = [
        "",
        f"Where the cold init as deployed goes (median of {b['reps']} runs under `-X importtime`, which slows every import a "
        "little): the three phases, then the self time of the imports the floor does not make, per package.",
        "",
        f"| | {' | '.join(f'`{kind}`' for kind in kinds)} |",
        f"| --- |{' --- |' * len(kinds)}",
    ]

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | {' | '.join(cells)} |"

    for phase in b[kinds[0]]["phases_ms"]:
        lines.append(row(phase, [f"{b[kind]['phases_ms'][phase]:.0f} ms" for kind in kinds]))
    lines.append(row("imports beyond the floor's, all", [f"{b[kind]['extra_imports_ms']:.0f} ms" for kind in kinds]))
    packages = dict.fromkeys(package for kind in kinds for package in b[kind]["packages_ms"])
    for package in packages:
        cells = [f"{b[kind]['packages_ms'][package]:.1f} ms" if package in b[kind]["packages_ms"] else "-" for kind in kinds]
        lines.append(row(f"`{package}`", cells))
    lines.append(row("the other packages", [f"{b[kind]['others_ms']:.1f} ms" for kind in kinds]))
    slowest = [", ".join(f"`{name}` {ms:.1f}" for name, ms in b[kind]["slowest_modules_ms"].items()) for kind in kinds]
    lines.append(row("the slowest modules (ms)", slowest))
    return lines


def _deployed_lines(deployed: dict[str, Any]) -> list[str]:
    """How the as-deployed run ran, what each function loads there, and where its cold init goes."""
    source = deployed["from_source"]
    others = ", ".join(f"{package} {n}" for package, n in source["others"].items()) or "none"
    return [
        f"As deployed: {deployed['reps']} repetitions from the artifact infra/build/lambda_build.py builds, for this machine "
        f"({deployed['platform']}) with the same {deployed['bytecode_files']} .pyc files, run by Python {deployed['python']}; "
        "boto3 and its dependencies beside it, compiled, as the Lambda runtime has them; nothing writes bytecode "
        "(/var/task is read-only). Modules the functions load from source there: of our package, pydantic and "
        f"Powertools {len(source['bytecode_packages'])}; others {others}.",
        *_loads_rows(deployed, f"as deployed, Python {deployed['python']}"),
        *_breakdown_rows(deployed["breakdown"]),
    ]


def render(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        "# lead-capture benchmarks",
        "",
        f"Machine: {m['cpus']} CPUs, {m['cpu_model']}; Python {m['python']}; boto3 {m['boto3']}, botocore {m['botocore']}, "
        f"pydantic {m['pydantic']}, Powertools {m['powertools']}; load average {m['load_average_at_start'][0]:.2f} at start, "
        f"{result['load_average_at_end'][0]:.2f} at end.",
        "",
        "| figure | measured | baseline (same run) | ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    if "cold" in result:
        lines += _cold_rows(result["cold"])
    deployed = result.get("cold_as_deployed")
    if deployed and deployed["measured"]:
        lines += _cold_rows(deployed, note=f" as deployed (Python {deployed['python']})", init_target=TARGETS["deployed_init_ratio"])
    elif deployed:
        lines.append(f"| cold init as deployed | not measured: {deployed['reason']} | - | - | <= {TARGETS['deployed_init_ratio']:.1f}x | |")
    if "warm" in result:
        lines += _warm_rows(result["warm"])
    if "artifact" in result:
        lines += _artifact_rows(result["artifact"])
    lines.append("")
    lines.append(
        "Own work: the handler's time minus the time inside boto3/botocore calls (validate, serialize, sign, parse; "
        "the HTTP round trip is answered in memory); in wall-clock time and in the thread's CPU time, which excludes "
        "the moments another process held the CPU. Medians with IQR; ratios are paired within each repetition, "
        "median (min-max)."
    )
    if "cold" in result:
        lines.append(f"Cold: {result['cold']['reps']} fresh interpreters of each kind, interleaved in shuffled order.")
    if deployed and deployed["measured"]:
        lines += _deployed_lines(deployed)
    elif "cold" in result:
        lines += _loads_rows(result["cold"], "from the source tree")
    if "warm" in result:
        w = result["warm"]
        lines.append(f"Warm: {w['reps']} processes of each kind, {w['warmup']} untimed then {w['requests']} timed requests each.")
    if "artifact" in result and result["artifact"]["built"]:
        a = result["artifact"]
        lines += ["", f"Artifact built with {a['how']}; what is in the zip (every function deploys this one folder):", ""]
        lines += ["| entry | zipped | unzipped |", "| --- | --- | --- |"]
        for entry, size in a["entries"].items():
            lines.append(f"| `{entry}` | {size['zipped_bytes'] / 1e3:.0f} kB | {size['unzipped_bytes'] / 1e3:.0f} kB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python3 infra/dev.py bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections to run: {', '.join(SECTIONS)}")
    parser.add_argument("--cold-reps", type=int, default=15, help="fresh interpreters per kind (default 15)")
    # The as-deployed init is the figure with a target: 21 runs keep its median within ~0.05x between runs here.
    parser.add_argument("--deployed-reps", type=int, default=21, help="fresh interpreters per kind as deployed (default 21)")
    parser.add_argument("--warm-reps", type=int, default=3, help="serving processes per handler (default 3)")
    parser.add_argument("--requests", type=int, default=900, help="timed requests per process (default 900)")
    parser.add_argument("--warmup", type=int, default=100, help="untimed requests first (default 100; with --requests: 1,000 served)")
    parser.add_argument("--artifact", choices=("build", "existing"), default="build", help="build fresh (default) or read build/lambda")
    parser.add_argument("--quick", action="store_true", help="few repetitions: a rough look, not figures to publish")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if args.quick:
        args.cold_reps, args.deployed_reps, args.warm_reps, args.requests, args.warmup = (
            min(args.cold_reps, 5),
            min(args.deployed_reps, 3),
            1,
            min(args.requests, 200),
            min(args.warmup, 20),
        )

    result: dict[str, Any] = {"machine": machine()}
    started = time.monotonic()
    if "cold" in sections:
        print(f"[bench] cold start: {args.cold_reps} repetitions ...", file=sys.stderr, flush=True)
        result["cold"] = cold.measure(args.cold_reps)
        print(f"[bench] cold start as deployed (build, then {args.deployed_reps} repetitions) ...", file=sys.stderr, flush=True)
        result["cold_as_deployed"] = cold.measure_as_deployed(args.deployed_reps)
    if "warm" in sections:
        print(
            f"[bench] warm requests and memory: {args.warm_reps} x {args.warmup + args.requests} requests ...", file=sys.stderr, flush=True
        )
        result["warm"] = warm.measure(args.warm_reps, args.requests, args.warmup)
    if "artifact" in sections:
        print("[bench] artifact: building ...", file=sys.stderr, flush=True)
        result["artifact"] = artifact.measure(args.artifact)
    result["load_average_at_end"] = list(os.getloadavg())
    result["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(render(result))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
