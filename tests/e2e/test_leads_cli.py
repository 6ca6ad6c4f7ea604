"""`leads --local` against a running local stack, as a separate process finds it (issue 13's end-to-end).

A stack of its own (fresh moto), so `list` sees exactly the three leads this module submits: two
people and one honeypot catch. The tool runs as `python -m infra.ops.leads` with an environment
that names no AWS: it must find the stack's embedded moto on its own, from the stack's port.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from infra.local import launch
from tests.e2e.conftest import ROOT, RunningStack, lead_fields, start_stack, stop_stack

JSON = {"Content-Type": "application/json", "Accept": "application/json"}
MESSAGE = 'Hola, me llamo José.\nNecesito ayuda con la ansiedad; "pronto", por favor.\r\nGracias, Ñandú'


@pytest.fixture(scope="module")
def own_stack() -> Iterator[RunningStack]:
    running = start_stack("--port", "0")
    yield running
    assert stop_stack(running) == 0, running.console()


def leads(stack: RunningStack, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "infra.ops.leads", "--local-url", stack.url, *args],
        cwd=ROOT,
        env=launch.clean_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def post(stack: RunningStack, fields: dict[str, Any]) -> str:
    answer = stack.request("POST", "/consultations", json.dumps({**fields, "consent": True}).encode(), JSON)
    assert answer.status == 201, answer
    return str(answer.json()["id"])


@pytest.fixture(scope="module")
def people(own_stack: RunningStack) -> dict[str, str]:
    tag = "t" + uuid.uuid4().hex[:10]
    ids = {
        "jose": post(own_stack, lead_fields(tag, first_name="José", last_name="Ñúñez", phone="(818) 821-6012", message=MESSAGE)),
        "sam": post(own_stack, lead_fields(tag + "b")),
        "bot": post(own_stack, lead_fields(tag + "c", first_name="Autofill", email=f"autofill.{tag}@example.com", website="x")),
    }
    assert own_stack.wait_for(lambda: len(own_stack.get_json("/_local/outbox")) == 2)
    return ids


def aws_of(stack: RunningStack) -> Any:
    """The stack's embedded moto, as the tool finds it."""
    import boto3

    described = stack.get_json("/_local/aws")
    session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=described["region"])
    return described, session.client("dynamodb", endpoint_url=described["endpoint_url"])


def test_list_shows_the_two_people_not_the_honeypot(own_stack: RunningStack, people: dict[str, str]) -> None:
    out = leads(own_stack, "list").stdout
    assert "2 lead(s)" in out
    assert people["jose"] in out and people["sam"] in out and people["bot"] not in out


def test_export_csv_reads_right_in_the_csv_module_and_a_spreadsheet_reader(
    own_stack: RunningStack, people: dict[str, str], output_dir: Path
) -> None:
    import pandas

    path = output_dir / "leads-export-e2e.csv"
    leads(own_stack, "export", "-o", str(path))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    expected = MESSAGE.replace("\r\n", "\n")  # the contract stores one kind of line break

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {people["jose"], people["sam"]}
    assert (by_id[people["jose"]]["first_name"], by_id[people["jose"]]["last_name"]) == ("José", "Ñúñez")
    assert by_id[people["jose"]]["message"] == expected

    # pandas' own C parser, reading the file as a spreadsheet would: BOM, quoted line breaks, CRLF rows.
    frame = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(rows[0])
    jose = frame[frame["id"] == people["jose"]].iloc[0]
    assert (jose["last_name"], jose["message"]) == ("Ñúñez", expected)
    assert len(frame) == 2


def test_find_by_a_differently_formatted_phone(own_stack: RunningStack, people: dict[str, str]) -> None:
    out = leads(own_stack, "find", "--phone", "+1 818-821-6012").stdout
    assert "1 lead(s) of this person" in out and people["jose"] in out


def test_promote_emails_the_quarantined_one_exactly_once(own_stack: RunningStack, people: dict[str, str]) -> None:
    def emails_of_bot() -> list[Any]:
        return [e for e in own_stack.get_json("/_local/outbox") if people["bot"] in e["text"]]

    assert emails_of_bot() == []
    promoted = leads(own_stack, "promote", people["bot"], "--yes").stdout
    assert "promoted (notified)" in promoted
    # The notify function runs in the tool's process here: its log lines and metrics stay off the terminal.
    assert not [line for line in promoted.splitlines() if line.lstrip().startswith("{")], promoted
    assert "nothing to do" in leads(own_stack, "promote", people["bot"], "--yes").stdout
    assert len(emails_of_bot()) == 1


def test_forget_leaves_no_trace_in_any_table(own_stack: RunningStack, people: dict[str, str]) -> None:
    out = leads(own_stack, "forget", "--phone", "818.821.6012", "--yes").stdout
    assert "leads removed" in out and "35 days" in out
    described, dynamodb = aws_of(own_stack)
    environment = described["environment"]
    for table in (environment["LEADS_TABLE_NAME"], environment["IDEMPOTENCY_TABLE_NAME"], environment["RATE_LIMIT_TABLE_NAME"]):
        everything = json.dumps(dynamodb.scan(TableName=table)["Items"], ensure_ascii=False)
        assert people["jose"] not in everything, table
        assert "Ñúñez" not in everything and "8188216012" not in everything, table
    assert people["sam"] in json.dumps(dynamodb.scan(TableName=environment["LEADS_TABLE_NAME"])["Items"])
    listed = leads(own_stack, "list").stdout
    assert "2 lead(s)" in listed and people["jose"] not in listed  # Sam and the promoted one remain
    assert "0 lead(s) of this person" in leads(own_stack, "find", "--phone", "8188216012").stdout


def test_without_a_stack_on_that_port_it_says_how_to_start_one(own_stack: RunningStack) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "infra.ops.leads", "--local-url", "http://127.0.0.1:9", "list"],
        cwd=ROOT, env=launch.clean_environment(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no local stack at http://127.0.0.1:9: start one with `python3 infra/dev.py run`, or pass --local-url for another port"
    ]
