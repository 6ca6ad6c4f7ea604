"""The acknowledgements' per-address window in DynamoDB (the rate-limit table): one short-lived record per address.

The record's key is `acknowledgement#` and a keyed hash of the address (domain/acknowledgement.py
`address_key`, with the rate limit's key): never the address. It holds the lead that claimed it and
`expires_at`, so DynamoDB's TTL removes it; TTL deletes late, so the condition reads the expiry
itself. A claim is one conditional PutItem: it succeeds when there is no record, the record has
expired, or it is this lead's (a retried record of the same lead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.adapters.aws import error_code
from leadcapture.kernel.errors import StorageUnavailable
from leadcapture.person.domain.acknowledgement import WINDOW_SECONDS, address_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from leadcapture.adapters.keys import KeySource

KEY = "pk"
PREFIX = "acknowledgement#"


class AddressWindowTable:
    """An AddressWindow over the rate-limit table."""

    def __init__(self, table_name: str, *, key: KeySource, client: DynamoDBClient, seconds: int = WINDOW_SECONDS) -> None:
        self.table_name = table_name
        self._key = key
        self.client = client
        self.seconds = seconds

    def claim(self, address: str, *, lead_id: str, now: float) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self._key()
        if key is None:
            raise StorageUnavailable("AddressKeyUnavailable")
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item={
                    KEY: {"S": PREFIX + address_key(address, key)},
                    "lead_id": {"S": lead_id},
                    "expires_at": {"N": str(int(now) + self.seconds)},
                },
                ConditionExpression="attribute_not_exists(#pk) OR expires_at <= :now OR lead_id = :lead",
                ExpressionAttributeNames={"#pk": KEY},
                ExpressionAttributeValues={":now": {"N": str(int(now))}, ":lead": {"S": lead_id}},
            )
        except ClientError as err:
            if error_code(err) == "ConditionalCheckFailedException":
                return False
            raise StorageUnavailable(error_code(err)) from None
        except BotoCoreError as err:
            raise StorageUnavailable(type(err).__name__) from None
        return True
