"""The desk's own work per page, without the network: milliseconds from the event to the answer.

    .venv/bin/python -m infra.measure.desk [--runs 300] [--json out.json]

The desk function's web layer and rules run as in Lambda (routing, the session and CSRF checks,
the inbox's rules, Jinja2's rendering, the history and notes), on an in-memory leads table of
10,000 leads and sessions table, so DynamoDB's and Cognito's own time is left out: what is left is
the desk's. Pages: the inbox's first page (50 rows and the urgent ones on top), a filter, a lead's
page (10 notes, 8 history entries), pressing "Contacted", and the sign-in page. Prints the median
and 95th percentile per page (the target: a median under 50 ms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infra.local.gateway import Request, to_event

if TYPE_CHECKING:
    from leadcapture.kernel.status import Status

LEADS = 10_000
STATUSES: tuple[Status, ...] = ("notified", "delivered", "contacted", "booked", "not_a_fit", "no_response", "closed", "spam")


class MemoryDesk:
    """The desk's leads and sessions tables, in memory, with the index orders the real queries give."""

    def __init__(self, leads: int = LEADS) -> None:
        from leadcapture.kernel.lead import Consent, Lead, Note
        from leadcapture.kernel.status import StatusChange

        self.leads: dict[str, Lead] = {}
        for i in range(leads):
            at = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000Z"
            lead = Lead(
                id=str(uuid.UUID(int=i + 1)), created_at=at, status=STATUSES[i % len(STATUSES)], first_name=f"Person{i}",
                last_name="Example", preferred_contact="email", consent=Consent("2026-11-01", at), urgent=i % 50 == 0,
                expires_at=2_000_000_000, email=f"person{i}@example.com", phone="+12135550117",
                message="Looking for help with anxiety and sleep; evenings are best for a call. " * 4,
                history=tuple(StatusChange("notified", at, "notifier") for _ in range(8)),
                notes=tuple(Note(at, "sub", "Casey Coordinator", "Left a voicemail, will try again tomorrow.") for _ in range(10)),
            )  # fmt: skip
            self.leads[lead.id] = lead
        self.sessions = MemorySessions()
        self.audit = MemoryAudit()
        # The indexes' orders, made once: the fake's own sorting is not the desk's work.
        self.by_arrival = sorted(self.leads.values(), key=lambda x: x.created_at)

    # --- the leads table (desk/domain/ports.Inbox) ---
    def open_page(self, *, urgent: bool, since: str, until: str, after: Any, limit: int) -> Any:
        from leadcapture.kernel.status import is_open

        found = [lead for lead in self.by_arrival if is_open(lead.status) and lead.urgent == urgent]
        return self._page(found, after, limit)

    def status_page(self, status: str, *, since: str, until: str, after: Any, limit: int) -> Any:
        found = [lead for lead in reversed(self.by_arrival) if lead.status == status and since <= lead.created_at <= until]
        return self._page(found, after, limit)

    def _page(self, found: list[Any], after: Any, limit: int) -> Any:
        from leadcapture.desk.domain.ports import IndexPage

        page = found[:limit]
        last = page[-1] if len(found) > limit else None
        return IndexPage(tuple(lead.id for lead in page), {"id": last.id, "created_at": last.created_at} if last else None)

    def summaries(self, ids: Collection[str]) -> dict[str, Any]:
        from leadcapture.desk.domain.ports import Summary

        found = {}
        for i in ids:
            if (lead := self.leads.get(i)) is not None:
                found[i] = Summary(i, lead.created_at, lead.status, lead.first_name, lead.last_name, lead.urgent, lead.language)
        return found

    def find(self, lookup: Any) -> list[str]:
        return []

    def get(self, lead_id: str) -> Any:
        return self.leads.get(lead_id)

    def mark_opened(self, lead_id: str, *, at: str, by: str) -> bool:
        return False

    def add_note(self, lead_id: str, note: Any, *, cap: int) -> bool:
        return True

    def change_status(self, lead_id: str, to: Any, *, at: str, by: Any, from_statuses: Any = None) -> bool:
        from leadcapture.kernel.status import StatusChange, actor, can_change

        lead = self.leads[lead_id]
        if not can_change(lead.status, to):
            return False
        self.leads[lead_id] = replace(lead, status=to, history=(*lead.history, StatusChange(to, at, *actor(by))))
        return True

    def release_from_quarantine(self, lead_id: str, **_: Any) -> bool:
        return False


class MemorySessions(dict[str, Any]):
    """The sessions table (desk/domain/ports.Sessions), in memory."""

    def put(self, session: Any, expires_at: int) -> None:
        self[session.id_hash] = session

    def delete(self, id_hash: str) -> None:
        self.pop(id_hash, None)

    def touch(self, id_hash: str, last_seen: float) -> None:
        self[id_hash] = replace(self[id_hash], last_seen=last_seen)


class MemoryAudit(list[Any]):
    """The audit table (kernel/audit.AuditLog), in memory: each record a page adds."""

    def add(self, record: Any) -> None:
        self.append(record)


def _wiring(memory: MemoryDesk) -> Any:
    from leadcapture.adapters.aws import Clients
    from leadcapture.desk.settings import DeskSettings
    from leadcapture.desk.wiring import Wiring

    settings = DeskSettings.from_env(
        {
            "LEADS_TABLE_NAME": "leads",
            "DESK_SESSIONS_TABLE_NAME": "sessions",
            "AUDIT_TABLE_NAME": "audit",
            "IDEMPOTENCY_TABLE_NAME": "idempotency",
            "DESK_USER_POOL_ID": "us-east-1_bench",
            "DESK_CLIENT_ID": "bench",
        }
    )
    wiring = Wiring(settings, Clients("us-east-1"))
    wiring.__dict__["inbox"] = memory
    wiring.__dict__["sessions"] = memory.sessions
    wiring.__dict__["audit"] = memory.audit
    return wiring


def _event(method: str, path: str, cookie: str, form: dict[str, str] | None = None, query: str = "") -> dict[str, Any]:
    from urllib.parse import urlencode

    body = urlencode(form).encode() if form else b""
    headers = [("Host", "api.example.com"), ("Cookie", f"__Host-desk={cookie}")]
    if form:
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    request = Request(method=method, path=path, query=query, headers=headers, body=body, source_ip="198.51.100.23")
    return to_event(request, route_key=f"{method} /desk/{{proxy+}}", request_id=uuid.uuid4().hex)


def measure(runs: int = 300, leads: int = LEADS) -> dict[str, dict[str, float]]:
    from leadcapture.desk.domain.sessions import Session, hash_id
    from leadcapture.desk.web import app
    from leadcapture.observability import metrics

    memory = MemoryDesk(leads)
    wiring = _wiring(memory)
    raw = "bench-session"
    now = time.time()
    wiring.clock = lambda: now
    session = Session(hash_id(raw), "active", "csrf-token", now, now, sub="sub", name="Casey Coordinator", groups=("coordinator",))
    memory.sessions[session.id_hash] = session
    open_id = next(i for i, lead in memory.leads.items() if lead.status == "notified")
    pages: dict[str, Callable[[], dict[str, Any]]] = {
        "inbox": lambda: _event("GET", "/desk/inbox", raw),
        "filter": lambda: _event("GET", "/desk/inbox", raw, query="show=contacted&from=2026-03-01&to=2026-06-30"),
        "lead": lambda: _event("GET", f"/desk/leads/{open_id}", raw),
        "contacted": lambda: _event("POST", f"/desk/leads/{open_id}/status", raw, {"csrf": "csrf-token", "action": "contacted"}),
        "sign-in": lambda: _event("GET", "/desk/sign-in", "none"),
    }
    expected = {"inbox": 200, "filter": 200, "lead": 200, "contacted": 303, "sign-in": 200}
    figures: dict[str, dict[str, float]] = {}
    for name, make in pages.items():
        times = []
        for i in range(runs + 20):
            event = make()
            started = time.perf_counter()
            answer, _ = app.answer(event, wiring)
            elapsed = (time.perf_counter() - started) * 1000
            metrics.clear_metrics()  # the handler's decorator would flush them
            assert answer.status == expected[name], (name, answer.status)
            if name == "contacted":
                memory.leads[open_id] = replace(memory.leads[open_id], status="notified")
            if i >= 20:  # the first ones compile the templates
                times.append(elapsed)
        times.sort()
        figures[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "n": len(times),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.measure.desk", description="The desk's own work per page.")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    figures = measure(args.runs)
    for name, figure in figures.items():
        print(f"{name:<10} p50 {figure['p50_ms']:6.2f} ms   p95 {figure['p95_ms']:6.2f} ms   (n={figure['n']:.0f})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
