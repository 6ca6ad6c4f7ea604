"""The `leads` tool's own reads and changes in the audit trail (issue 22): one record per command, who
is the AWS principal (STS), never a value; and `leads audit` reads the trail back, filtered."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from tests.ops.conftest import run
from tests.ops.test_leads_cli import three
from tests.template.conftest import Rehearsal

__all__ = ["three"]
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS")
# moto's caller identity.
PRINCIPAL = "arn:aws:sts::123456789012:user/moto"


def trail(rehearsal: Rehearsal) -> list[dict[str, Any]]:
    items = boto3.client("dynamodb").scan(TableName=rehearsal.outputs["AuditTableName"])["Items"]
    return sorted(items, key=lambda item: item["id"]["S"])


def test_each_command_adds_exactly_one_record_of_the_principal_and_no_value(three: dict[str, str], deployed: Rehearsal) -> None:
    maria = three["maria"]
    steps: list[tuple[tuple[str, ...], str, str | None]] = [
        (("list",), "leads_listed", None),
        (("show", maria), "lead_viewed", maria),
        (("export", "-o", "-", "--since", "2020-01-01"), "export", None),
        (("find", "--email", "maria.nunez@example.com"), "find", None),
        (("status", maria, "contacted", "--yes"), "status_changed", maria),
        (("spam",), "leads_listed", None),
        (("promote", three["bot"], "--yes"), "promoted", three["bot"]),
        (("status", three["sam"], "not_a_fit", "--yes"), "status_changed", three["sam"]),
        (("note", three["sam"], "--yes"), "close_note_requested", three["sam"]),
        (("forget", "--phone", "818-821-6012", "--yes"), "forget", None),
    ]
    for args, action, lead_id in steps:
        before = len(trail(deployed))
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        added = trail(deployed)[before:]
        assert [a["action"]["S"] for a in added] == [action], args
        (record,) = added
        assert (record["who"]["S"], record["via"]["S"]) == (PRINCIPAL, "cli")
        assert record.get("lead_id", {}).get("S") == lead_id
    records = trail(deployed)
    export = next(r for r in records if r["action"]["S"] == "export")["detail"]["M"]
    assert (export["since"]["S"], export["rows"]["N"], export["format"]["S"]) == ("2020-01-01", "2", "csv")
    forget = next(r for r in records if r["action"]["S"] == "forget")["detail"]["M"]
    assert (forget["leads"]["N"], forget["lead_ids"]["S"]) == ("1", maria)
    text = json.dumps(records, ensure_ascii=False)
    for value in ("María", "Ñúñez", "Maria.Nunez", "maria.nunez", "8188216012", "818-821", "821-6012", "necesito"):
        assert value not in text


def test_leads_audit_reads_the_trail_newest_first_by_lead_and_user(three: dict[str, str], deployed: Rehearsal) -> None:
    maria, sam = three["maria"], three["sam"]
    for args in (("show", maria), ("show", sam), ("status", maria, "booked", "--yes")):
        assert run(*args).exit_code == 0
    everything = run("audit")
    assert everything.exit_code == 0, everything.output
    assert "3 audit record(s)" in everything.output
    assert everything.output.index("status_changed") < everything.output.index("lead_viewed")  # newest first
    of_maria = run("audit", "--lead", maria)
    assert "2 audit record(s)" in of_maria.output and sam not in of_maria.output
    assert "1 audit record(s)" in run("audit", "--lead", maria, "--limit", "1").output
    assert "3 audit record(s)" in run("audit", "--user", PRINCIPAL).output
    assert "0 audit record(s)" in run("audit", "--user", "someone-else").output
    assert "0 audit record(s)" in run("audit", "--until", "2020-01-01").output


def test_a_stack_without_an_audit_table_refuses_a_recorded_command_in_one_line(
    three: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.ops.leads import target

    made = target.from_stack

    def without_audit(*args: Any, **kwargs: Any) -> target.Target:
        found = made(*args, **kwargs)
        found.audit_table = None
        return found

    monkeypatch.setattr(target, "from_stack", without_audit)
    monkeypatch.setattr("infra.ops.leads.cli.from_stack", without_audit)
    result = run("show", three["maria"])
    assert result.exit_code == 1 and "no audit table" in result.output and "María" not in result.output
