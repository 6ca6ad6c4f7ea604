"""The emails moto's SES accepted, read from its in-process backend and parsed back from Raw MIME.

The notifier sends Raw content, which moto keeps whole; parsing it with the standard library's
email package shows exactly what the coordinator would receive. moto stores no send time, so each
message is stamped when this process first sees it (the stream poller looks right after every
notify batch, so the stamp is within a poll of the send), and parsed once then.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from leadcapture.kernel.timestamps import utc_stamp


@dataclass(frozen=True)
class SentEmail:
    id: str
    to: list[str]
    sender: str
    reply_to: str | None
    subject: str
    text: str
    html: str
    sent_at: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["from"] = data.pop("sender")
        return data


class Outbox:
    """Every email sent through moto's SES in this process, newest first."""

    def __init__(self, account_id: str, region: str) -> None:
        self._account_id = account_id
        self._region = region
        self._parsed: dict[str, SentEmail] = {}
        self._lock = threading.Lock()

    def _backend_messages(self) -> list[Any]:
        from moto.ses.models import ses_backends

        return list(ses_backends[self._account_id][self._region].sent_messages)

    def refresh(self) -> None:
        """Stamp and parse the messages not seen before."""
        now = utc_stamp()
        with self._lock:
            for message in self._backend_messages():
                if message.id not in self._parsed:
                    self._parsed[message.id] = parse(message, now)

    def emails(self) -> list[SentEmail]:
        self.refresh()
        with self._lock:
            # Insertion order is send order; reversed, it stays newest first among equal stamps.
            newest_first = list(reversed(self._parsed.values()))
        return sorted(newest_first, key=lambda e: e.sent_at, reverse=True)


def parse(message: Any, sent_at: str) -> SentEmail:
    """One of moto's sent messages: RawMessage (what we send) or Message (Simple content)."""
    raw = getattr(message, "raw_data", None)
    if raw is None:
        # Simple content: moto keeps only one body part (see TOOLING-NOTES), so show what there is.
        to = [a for kind in ("ToAddresses", "CcAddresses", "BccAddresses") for a in message.destinations.get(kind, [])]
        return SentEmail(message.id, to, message.source, None, message.subject, "", message.body, sent_at)
    mime = message_from_string(raw, policy=policy.default)
    assert isinstance(mime, EmailMessage)
    reply_to = mime["Reply-To"]
    return SentEmail(
        id=message.id,
        to=[a.addr_spec for a in mime["To"].addresses] if mime["To"] else list(message.destinations),
        sender=str(mime["From"] or message.source),
        reply_to=str(reply_to) if reply_to else None,
        subject=str(mime["Subject"] or ""),
        text=_part(mime, "plain"),
        html=_part(mime, "html"),
        sent_at=sent_at,
    )


def _part(mime: EmailMessage, subtype: str) -> str:
    body = mime.get_body(preferencelist=(subtype,))
    if body is None:
        return ""
    content = body.get_content()
    return content if isinstance(content, str) else ""
