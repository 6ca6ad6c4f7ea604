"""Review quarantined leads (honeypot filled) and promote a real person's request.

    python -m infra.ops.promote --stack lead-capture-prod list          # quarantined leads: id, received, channels (no values)
    python -m infra.ops.promote --stack lead-capture-prod show LEAD_ID  # one lead in full, to decide
    python -m infra.ops.promote --stack lead-capture-prod LEAD_ID       # promote: status `new`, normal retention, coordinator emailed now

With `--stack` it runs with the settings the stack gave its notify function (tables, sender,
recipients), so a promotion emails exactly as the notifier would. Without it, LEADS_TABLE_NAME (and
to promote, IDEMPOTENCY_TABLE_NAME, SENDER_EMAIL, COORDINATOR_EMAILS) must be set in the
environment: it never falls back on the example names. `show` prints the person's details to this
terminal only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence

from leadcapture.adapters.aws import Clients
from leadcapture.adapters.leads_table import to_plain
from leadcapture.domain.errors import LeadNotFound
from leadcapture.domain.quarantine import promote, quarantined
from leadcapture.settings import Settings
from leadcapture.wiring import Wiring

from .target import Refused, require, stack_settings

READING: tuple[str, ...] = ("LEADS_TABLE_NAME",)
# Promoting also records the email (idempotency table) and sends it.
PROMOTING = (*READING, "IDEMPOTENCY_TABLE_NAME", "SENDER_EMAIL", "COORDINATOR_EMAILS")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.ops.promote", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", help="take the settings from this CloudFormation stack's notify function")
    parser.add_argument("--region", help="AWS region (default: your AWS configuration's)")
    parser.add_argument("command", nargs="+", metavar="list | show LEAD_ID | LEAD_ID")
    args = parser.parse_args(argv)
    command: list[str] = args.command
    if command[0] == "list" and len(command) == 1:
        needs, run = READING, _list
    elif command[0] == "show" and len(command) == 2:
        needs, run = READING, lambda w: _show(w, command[1])
    elif len(command) == 1:
        needs, run = PROMOTING, lambda w: _promote(w, command[0])
    else:
        parser.error("expected `list`, `show LEAD_ID` or `LEAD_ID`")
    clients = Clients(region=args.region)
    try:
        wiring = _wiring(clients, args.stack, needs)
    except Refused as err:
        print(f"promote: {err}", file=sys.stderr)
        return 2
    return run(wiring)


def _wiring(clients: Clients, stack: str | None, needs: Sequence[str]) -> Wiring:
    environ: Mapping[str, str]
    if stack:
        environ = stack_settings(clients.cloudformation(), clients.lambda_(), stack)
        require(environ, needs, where=f"the notify function of stack {stack}")
    else:
        environ = os.environ
        require(environ, needs, where="the environment", hint=" (or pass --stack)")
    return Wiring(Settings.from_env(environ), clients=clients)


def _list(w: Wiring) -> int:
    rows = list(quarantined(w.store))
    for row in rows:
        urgent = " URGENT" if row.urgent else ""
        print(f"{row.id}  received {row.created_at}  {'+'.join(row.channels)}  message {row.message_chars} chars{urgent}")
    print(f"{len(rows)} quarantined lead(s)")
    return 0


def _show(w: Wiring, lead_id: str) -> int:
    lead = w.store.get(lead_id)
    if lead is None:
        print(f"no lead {lead_id}", file=sys.stderr)
        return 1
    print(json.dumps(to_plain(lead), indent=2, ensure_ascii=False))
    return 0


def _promote(w: Wiring, lead_id: str) -> int:
    try:
        result = promote(lead_id, store=w.store, mailer=w.mailer, sent=w.sent_emails, settings=w.settings)
    except LeadNotFound:
        print(f"no lead {lead_id}", file=sys.stderr)
        return 1
    print(f"{lead_id}: {result.outcome}" + (f" ({result.reason})" if result.reason else ""))
    return 0 if result.outcome in {"sent", "already_notified"} else 1


if __name__ == "__main__":
    sys.exit(main())
