"""Text messages through Amazon SNS (`Publish` with `PhoneNumber`), and what SNS's errors mean.

Transactional: SNS routes a transactional text for reliability rather than cost, which is what a page
at night needs. Throttling, outages and a missing permission are transient (the page is retried);
anything else SNS answers (an invalid or opted-out number) is a refusal for good. The text and the
number are never logged: the caller logs the lead id and the error code only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.adapters.aws import error_code, http_status
from leadcapture.kernel.errors import PageRejected, PageTransientError

if TYPE_CHECKING:
    from botocore.client import BaseClient

SMS_TYPE = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
TRANSIENT_CODES = frozenset(
    {
        "Throttled",
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
        "RequestTimeout",
        "KMSThrottling",
        # IAM, not SNS, refused: ops can fix a permission (as SES's AccessDenied, docs/decisions.md).
        "AuthorizationError",
        "AccessDenied",
        "AccessDeniedException",
    }
)


class SnsTexter:
    """Sends texts through SNS (a Texter)."""

    def __init__(self, client: BaseClient) -> None:
        self.client = client

    def send(self, phone: str, text: str) -> str:
        """Send one text to an E.164 number; return SNS's message id. PageTransientError or PageRejected."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.publish(PhoneNumber=phone, Message=text, MessageAttributes=SMS_TYPE)  # type: ignore[attr-defined]
        except ClientError as err:
            code = error_code(err)
            if code in TRANSIENT_CODES or http_status(err) >= 500 or http_status(err) == 429:
                raise PageTransientError(code) from None
            raise PageRejected(code) from None
        except BotoCoreError as err:
            raise PageTransientError(type(err).__name__) from None
        return str(answer["MessageId"])
