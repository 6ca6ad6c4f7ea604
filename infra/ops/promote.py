"""Review quarantined leads (honeypot filled) and promote a real person's request.

    python -m infra.ops.promote list          # quarantined leads: id, received, channels (no values)
    python -m infra.ops.promote show LEAD_ID  # one lead in full, to decide
    python -m infra.ops.promote LEAD_ID       # promote: status `new`, normal retention, coordinator emailed now

Uses the usual AWS environment (credentials, AWS_REGION, LEADS_TABLE_NAME, SENDER_EMAIL, ...), the
same settings as the functions. `show` prints the person's details to this terminal only.
"""

from __future__ import annotations

import json
import sys

from leadcapture import wiring
from leadcapture.adapters.leads_table import to_plain
from leadcapture.domain.errors import LeadNotFound
from leadcapture.domain.quarantine import promote, quarantined


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "list" and len(argv) == 1:
        return _list()
    if argv[0] == "show" and len(argv) == 2:
        return _show(argv[1])
    if len(argv) == 1:
        return _promote(argv[0])
    print(__doc__, file=sys.stderr)
    return 2


def _list() -> int:
    rows = list(quarantined(wiring.current().store))
    for row in rows:
        urgent = " URGENT" if row.urgent else ""
        print(f"{row.id}  received {row.created_at}  {'+'.join(row.channels)}  message {row.message_chars} chars{urgent}")
    print(f"{len(rows)} quarantined lead(s)")
    return 0


def _show(lead_id: str) -> int:
    lead = wiring.current().store.get(lead_id)
    if lead is None:
        print(f"no lead {lead_id}", file=sys.stderr)
        return 1
    print(json.dumps(to_plain(lead), indent=2, ensure_ascii=False))
    return 0


def _promote(lead_id: str) -> int:
    try:
        w = wiring.current()
        result = promote(lead_id, store=w.store, mailer=w.mailer, sent=w.sent_emails, settings=w.settings)
    except LeadNotFound:
        print(f"no lead {lead_id}", file=sys.stderr)
        return 1
    print(f"{lead_id}: {result.outcome}" + (f" ({result.reason})" if result.reason else ""))
    return 0 if result.outcome in {"sent", "already_notified"} else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
