"""Sending the coordinator email through SES v2, as Raw MIME, and what SES's errors mean.

Throttling, outages and a missing send permission are transient (the stream retries the lead, then
the dead-letter queue and the redrive take it); anything else SES answers is a refusal for good (the
lead is marked `notify_failed` instead of retrying forever).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.adapters.aws import error_code, http_status
from leadcapture.kernel.errors import MailRejected, MailTransientError

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client

    from leadcapture.kernel.coordinator_email import Email

# The message tag that carries the lead id (handlers/ses_events.py reads it back).
LEAD_ID_TAG = "lead_id"
# The tag that says which email to the person it is (kernel/lead.py PersonEmail); absent on the practice's emails.
KIND_TAG = "kind"

# SES errors that a later attempt may get past; every other error is a refusal for good.
TRANSIENT_CODES = frozenset(
    {
        "TooManyRequestsException",
        "LimitExceededException",
        "SendingPausedException",
        "Throttling",
        "ThrottlingException",
        "InternalFailure",
        "InternalServiceError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        # IAM, not SES, refused: in the sandbox SES checks the grant on the recipient's identity too,
        # so a coordinator missing from it answers this. Ops can fix a permission; giving the lead up
        # would lose it, so it is retried and lands in the dead-letter queue for the redrive.
        "AccessDenied",
        "AccessDeniedException",
    }
)


class SesMailer:
    """Sends composed emails through SES v2 (an EmailSender)."""

    def __init__(self, client: SESV2Client, configuration_set: str = "") -> None:
        self.client = client
        self.configuration_set = configuration_set

    def send(self, email: Email) -> str:
        """Send; return SES's message id. Raises MailTransientError or MailRejected."""
        from botocore.exceptions import BotoCoreError, ClientError

        extra: dict[str, object] = {"ConfigurationSetName": self.configuration_set} if self.configuration_set else {}
        if email.lead_id:
            # SES copies the tags into every event it publishes about this message (mail.tags):
            # the events function finds the lead by it. A uuid fits SES's tag alphabet.
            tags = [{"Name": LEAD_ID_TAG, "Value": email.lead_id}]
            if email.kind:
                tags.append({"Name": KIND_TAG, "Value": email.kind})
            extra["EmailTags"] = tags
        try:
            answer = self.client.send_email(
                FromEmailAddress=email.sender,
                Destination={"ToAddresses": list(email.to)},
                Content={"Raw": {"Data": email.to_bytes()}},
                **extra,  # type: ignore[arg-type]
            )
        except ClientError as err:
            code = error_code(err)
            if code in TRANSIENT_CODES or http_status(err) >= 500:
                raise MailTransientError(code) from None
            raise MailRejected(code) from None
        except BotoCoreError as err:
            raise MailTransientError(type(err).__name__) from None
        return answer["MessageId"]
