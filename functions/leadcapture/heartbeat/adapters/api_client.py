"""The heartbeat's HTTP call: one POST to the stack's own public API, as a website's script would.

Never raises for an answer or a network failure: every outcome comes back as a `PostAnswer` for
`domain/heartbeat.py` to judge. Only the status, the canary header and the lead id are read.
"""

from __future__ import annotations

import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from leadcapture.heartbeat.domain.heartbeat import PostAnswer
from leadcapture.kernel.canary import HEADER

_ANSWER_MAX_BYTES = 64 * 1024


class ApiPoster:
    """A HeartbeatPoster for one URL."""

    def __init__(self, url: str, *, timeout_seconds: float) -> None:
        self.url = url
        self.timeout_seconds = timeout_seconds

    def post(self, body: bytes, headers: dict[str, str]) -> PostAnswer:
        if urlsplit(self.url).scheme not in {"https", "http"}:
            return PostAnswer(None, error="no_url")
        request = Request(  # noqa: S310 - the scheme is checked above
            self.url,
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
            method="POST",
        )
        try:
            with urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - the scheme is checked
                return PostAnswer(response.status, response.headers.get(HEADER), _lead_id(response.read(_ANSWER_MAX_BYTES)))
        except HTTPError as err:
            with err:
                return PostAnswer(err.code, err.headers.get(HEADER))
        except (URLError, TimeoutError, OSError) as err:
            return PostAnswer(None, error=type(getattr(err, "reason", err)).__name__)


def _lead_id(raw: bytes) -> str | None:
    try:
        answer = json.loads(raw)
    except ValueError:
        return None
    value = answer.get("id") if isinstance(answer, dict) else None
    return value if isinstance(value, str) else None
