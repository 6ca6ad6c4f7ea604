"""The SES events function's dead letters of one person's leads, removed when the person is forgotten.

An SES event the function gave up on waits on SesEventsDeadLetterQueue (Lambda's on-failure record,
the event inside it) for the queue's retention (7 days), and the event carries the email's headers:
the subject and Reply-To, the person's name and address. SQS cannot delete by content: each message
is received (hidden for a short while), those that name one of the leads are deleted, and the others
are made visible again at once, untouched. Messages another reader holds at that moment are not
seen; the receipt says how many were removed.
"""

from __future__ import annotations

from typing import Any

# Hidden from other readers while this pass looks at them; released at the end of it.
VISIBILITY_SECONDS = 60
# A bound on the pass, whatever the queue holds (the queue's alarm fires long before this many).
MAX_MESSAGES = 2000


def remove_of_leads(sqs: Any, queue_url: str, lead_ids: set[str]) -> int:
    """Delete every dead letter that names one of `lead_ids`; the number deleted."""
    removed = 0
    kept: list[str] = []
    seen = 0
    while seen < MAX_MESSAGES:
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=VISIBILITY_SECONDS, WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            break
        seen += len(messages)
        for message in messages:
            if any(lead_id in message.get("Body", "") for lead_id in lead_ids):
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                removed += 1
            else:
                kept.append(message["ReceiptHandle"])
    for handle in kept:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0)
    return removed
