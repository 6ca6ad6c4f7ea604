"""The benchmark suite runs end to end and reports every figure. No timing is asserted here:
the figures are for people to read (docs/performance.md), not for a test to judge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from infra.bench import cold, stubs
from infra.bench.lambda_env import function_environment
from infra.bench.stats import Summary, percentile
from infra.build import lambda_build
from infra.build.functions import by_name

ROOT = Path(__file__).resolve().parents[2]


def test_environment_follows_the_template_defaults() -> None:
    submit = function_environment("submit")
    notify = function_environment("notify")
    # Tracing off and Turnstile off are the template's defaults: no X-Ray SDK, no call to Cloudflare.
    assert submit["POWERTOOLS_TRACE_DISABLED"] == "true"
    assert submit.get("TURNSTILE_SECRET_PARAMETER", "") == ""
    assert int(submit["RATE_LIMIT_PER_HOUR"]) > 0
    assert submit["RATE_LIMIT_KEY_SECRET"].startswith("arn:aws:secretsmanager:")
    assert submit["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert "SES_CONFIGURATION_SET" in notify
    assert function_environment("heartbeat")["HEARTBEAT_URL"].startswith("https://")
    assert function_environment("actions")["ACTION_LINK_KEY_SECRET"].startswith("arn:aws:secretsmanager:")
    for name in by_name():
        env = function_environment(name)
        assert env["AWS_REGION"] and env["LEADS_TABLE_NAME"] and env["AWS_LAMBDA_FUNCTION_NAME"] == f"bench-{name}"
        assert all(isinstance(v, str) for v in env.values())


def test_the_functions_are_the_templates_with_their_handlers() -> None:
    found = by_name()
    assert list(found) == ["submit", "notify", "actions", "followups", "ses-events", "urgent", "person", "desk", "heartbeat"]
    assert found["ses-events"].logical_id == "SesEventsFunction"
    assert found["submit"].handler == "leadcapture.intake.handler.handler"
    assert (found["submit"].module, found["submit"].attribute, found["submit"].package) == (
        "leadcapture.intake.handler",
        "handler",
        "leadcapture",
    )


def test_a_moved_handler_and_a_new_function_are_followed(tmp_path: Path) -> None:
    # A handler elsewhere, and a function the bench has never seen.
    text = (ROOT / "template.yaml").read_text(encoding="utf-8")
    text = text.replace("Handler: leadcapture.intake.handler.handler", "Handler: leadcapture.intake.submit.handler")
    new_function = (
        "\n  WaitlistExportFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Handler: leadcapture.waitlist.handler.handler\n      MemorySize: 1024\n"
    )
    text = text.replace("\n  SubmitFunction:\n", f"{new_function}\n  SubmitFunction:\n", 1)
    template = tmp_path / "template.yaml"
    template.write_text(text, encoding="utf-8")
    found = by_name(template)
    assert found["submit"].module == "leadcapture.intake.submit"
    assert found["waitlist-export"].handler == "leadcapture.waitlist.handler.handler"
    env = function_environment("waitlist-export", template)
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "1024" and env["LEADS_TABLE_NAME"]  # Globals apply to it too


def test_percentiles_and_summary() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    summary = Summary.of([3.0, 1.0, 2.0])
    assert (summary.median, summary.low, summary.high, summary.n) == (2.0, 1.0, 3.0, 3)


@pytest.mark.slow
def test_suite_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "infra.bench",
            "--cold-reps",
            "2",
            "--deployed-reps",
            "1",
            "--warm-reps",
            "1",
            "--requests",
            "5",
            "--warmup",
            "2",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())

    names = set(by_name())
    cold_run = result["cold"]
    assert set(cold_run["functions"]) == names
    assert set(cold_run["import_ms"]) == {"boto3", "stack"} | names
    assert set(cold_run["init_ms"]) == {"baseline"} | names
    assert cold_run["import_ratio"]["submit"]["n"] == 2
    assert set(cold_run["import_ratio"]) == {"stack"} | names
    assert set(cold_run["init_ratio"]) == names and all(r["n"] == 2 for r in cold_run["init_ratio"].values())
    deployed = result["cold_as_deployed"]
    assert deployed["measured"], deployed.get("reason")
    assert set(deployed["init_ms"]) == {"baseline"} | names
    assert set(deployed["init_ratio"]) == names
    # What each function loads of its own package: the same from the source tree and as deployed.
    for name in names:
        loaded = cold_run["loads"][name]
        assert loaded["modules"] == deployed["loads"][name]["modules"]
        assert loaded["count"] == len(loaded["modules"]) > 1
        assert by_name()[name].module in loaded["modules"]
        grouped = [m for ms in loaded["subpackages"].values() for m in ms] + [f"leadcapture.{m}" for m in loaded["top_level"]]
        assert sorted(["leadcapture", *grouped]) == loaded["modules"]
    if cold.deployed_python()[1] == lambda_build.LAMBDA_PYTHON:
        # Run by the runtime's Python from the built artifact, every module of ours, pydantic and
        # Powertools that the functions load came with its bytecode.
        assert deployed["python"].startswith("3.13.")
        assert deployed["bytecode_files"] > 0
        assert deployed["from_source"]["bytecode_packages"] == []
        # Nothing the functions load from the artifact compiles from source on a cold start.
        assert deployed["from_source"]["others"] == {}
    else:
        # Without a 3.13 the artifact has no bytecode: the probe sees every module load from source.
        assert deployed["from_source"]["others"]
    where = deployed["breakdown"]
    for kind in names:
        assert set(where[kind]["phases_ms"]) == {"the floor's imports (boto3)", "the handler's import", "the first answer"}
        assert all(ms > 0 for ms in where[kind]["phases_ms"].values())
        # Our own package is among what the floor does not import, and it is counted.
        assert where[kind]["packages_ms"].get("leadcapture", 0) > 0 or where[kind]["others_ms"] > 0
        assert where[kind]["extra_imports_ms"] >= sum(where[kind]["packages_ms"].values())
        slowest = where[kind]["slowest_modules_ms"]
        assert slowest and list(slowest.values()) == sorted(slowest.values(), reverse=True)

    warm = result["warm"]["targets"]
    for target in ("baseline", "submit", "notify"):
        assert warm[target]["total_ms"]["n"] == 5
        assert warm[target]["peak_rss_mb"]["median"] > 0
        assert warm[target]["own_ms"]["median"] <= warm[target]["total_ms"]["p99"]
        assert warm[target]["own_cpu_ms"]["n"] == 5
    # Each handler really went through its AWS calls, answered in memory.
    assert warm["submit"]["calls_per_request"]["PutItem"] >= 1
    assert warm["notify"]["calls_per_request"]["SendEmail"] == 1

    artifact = result["artifact"]
    assert artifact["built"], artifact.get("reason")
    entries = artifact["entries"]
    assert "leadcapture" in entries
    # The runtime brings boto3/botocore; shipping them would double the artifact.
    assert "boto3" not in entries and "botocore" not in entries

    for name, function in by_name().items():
        assert f"cold import: `{function.module}`" in run.stdout
        assert f"import + first answer, `{name}`" in run.stdout
        assert f"| `{name}` | `{function.handler}` | {cold_run['loads'][name]['count']}: " in run.stdout
    for figure in (
        "cold import: `leadcapture.intake.handler`",
        "cold init as deployed",
        "What each function has loaded of its own package",
        "Where the cold init as deployed goes",
        "own work in CPU time",
        "own work p50 / p99 (`submit`)",
        "own work p50 / p99 (`notify`)",
        "peak RSS",
        "zipped",
    ):
        assert figure in run.stdout


def test_every_function_of_the_template_has_its_first_request() -> None:
    # A function added to template.yaml needs its event and check in stubs.FIRST_REQUESTS (and no other edit).
    assert set(stubs.FIRST_REQUESTS) == set(by_name())


@pytest.mark.parametrize("name", list(by_name()))
def test_each_function_answers_its_first_request(name: str) -> None:
    # A fresh interpreter with the function's environment: its first request, answered and checked
    # (the probe raises otherwise), every AWS call and HTTP request answered in memory.
    loaded = cold.loads(name)
    assert loaded["calls"], "no call answered in memory"
    assert by_name()[name].module in loaded["modules"]
    expected = {
        "submit": {"PutItem"},
        "notify": {"GetItem", "SendEmail"},
        "actions": {"GetSecretValue", "GetItem"},
        "followups": {"Query", "GetItem", "SendEmail", "UpdateItem"},
        "ses-events": {"GetItem", "UpdateItem"},
        "heartbeat": {"GetSecretValue", "HTTP POST /consultations"},
    }
    assert expected.get(name, set()) <= set(loaded["calls"])


def test_the_ses_event_and_the_schedules_have_the_shapes_aws_sends() -> None:
    from datetime import UTC, datetime

    from infra.local.scheduler import scheduled_event

    from tests.ses_event_examples import example, shape

    documented = example("Delivery", message_id=stubs.MESSAGE_ID, lead_id=stubs.LEAD_ID)
    assert shape(stubs.ses_delivery_event()) == shape(documented)
    assert stubs.ses_delivery_event()["detail"]["mail"]["tags"]["lead_id"] == [stubs.LEAD_ID]
    for event in (stubs.followups_event(), stubs.heartbeat_event()):
        assert shape(event) == shape(scheduled_event(datetime.now(UTC), "us-east-1"))


def test_the_heartbeats_post_is_answered_in_memory_and_judged_by_its_signature() -> None:
    import hashlib
    import hmac
    import urllib.error
    import urllib.request

    # A host that cannot resolve: an answer proves nothing went to DNS or the network.
    url = "https://api.bench.invalid/consultations"
    opener = urllib.request.build_opener(stubs._Api())
    body = b'{"first_name":"Heartbeat"}'
    signature = hmac.new(stubs.SECRET_STRING.encode(), b"1795874400." + body, hashlib.sha256).hexdigest()

    def post(header: str) -> tuple[int, str | None]:
        request = urllib.request.Request(url, data=body, headers={stubs.CANARY_HEADER: header}, method="POST")
        with opener.open(request, timeout=1) as answer:
            assert json.loads(answer.read())["id"]
            return answer.status, answer.headers.get(stubs.CANARY_HEADER)

    assert post(f"1795874400.{signature}") == (201, "accepted")
    assert post(f"1795874401.{signature}") == (201, None)  # not signed with the canned key: an ordinary post
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open("https://api.bench.invalid/elsewhere", timeout=1)
    assert refused.value.code == 404


def _without_python313(tmp_path: Path) -> dict[str, str]:
    """This environment with every CPython 3.13 out of sight: no python3.13 on PATH (pyenv's shims
    included), no PYENV_VERSION naming one, and a PYENV_ROOT with no versions in it."""
    path = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "python3.13").exists()]
    env = {k: v for k, v in os.environ.items() if k != "PYENV_VERSION"}
    return {**env, "PATH": os.pathsep.join(path), "PYENV_ROOT": str(tmp_path / "no-pyenv")}


@pytest.mark.slow
@pytest.mark.skipif(sys.implementation.cache_tag == lambda_build.CACHE_TAG, reason="this Python is a 3.13: nothing to hide")
def test_the_as_deployed_run_needs_no_python313(tmp_path: Path) -> None:
    # The README promises that Python 3.11+ is all the commands need. Without a 3.13 the artifact is built for the
    # Python that runs it (without bytecode), not with 3.13 wheels it cannot import (issue 25 #9).
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "infra.bench", "--only", "cold", "--cold-reps", "1", "--deployed-reps", "1", "--json", str(out)],
        cwd=ROOT,
        env=_without_python313(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    deployed = json.loads(out.read_text())["cold_as_deployed"]
    assert deployed["measured"], deployed.get("reason")
    assert deployed["python"].rsplit(".", 1)[0] == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert deployed["bytecode_files"] == 0


def test_the_as_deployed_run_finds_pyenvs_python313_as_ci_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for pyenv's 3.13 (pyenv keeps it off PATH unless PYENV_VERSION names it): it
    # answers the build's question (cache tag, then its own path) as a CPython 3.13 would.
    fake = tmp_path / "versions" / "3.13.0" / "bin" / "python3.13"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' {lambda_build.CACHE_TAG} {fake}\n")
    fake.chmod(0o755)
    monkeypatch.setattr(lambda_build, "find_python313", _only_explicit(lambda_build.find_python313))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    assert cold.deployed_python() == ((str(fake),), lambda_build.LAMBDA_PYTHON)


def test_without_any_python313_the_artifact_is_built_for_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lambda_build, "find_python313", _only_explicit(lambda_build.find_python313))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    assert cold.deployed_python() == ((sys.executable,), f"{sys.version_info.major}.{sys.version_info.minor}")


def _only_explicit(find: Callable[..., tuple[str, ...] | None]) -> Callable[..., tuple[str, ...] | None]:
    """find_python313 as on a machine with no 3.13 on PATH: only an explicitly named interpreter is looked at."""
    return lambda explicit=None: find(explicit) if explicit else None
