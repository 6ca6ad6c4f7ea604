"""The desk's sessions table: one row per browser, keyed by the hash of its cookie's id (domain/sessions.py)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import table_call
from leadcapture.desk.domain.sessions import Session

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_NUMBERS = frozenset({"created_at", "last_seen"})


class SessionTable:
    def __init__(self, table_name: str, client: DynamoDBClient) -> None:
        self.table_name = table_name
        self.client = client

    def _call(self, operation: str, **kwargs: Any) -> Any:
        return table_call(self.client, self.table_name, operation, **kwargs)

    def get(self, id_hash: str) -> Session | None:
        item = self._call("get_item", Key={"id": {"S": id_hash}}, ConsistentRead=True).get("Item")
        # Not a session row the desk wrote (nothing, or another shape): no session.
        if not item or item.get("kind", {}).get("S") not in {"pending", "active"} or not all("N" in item.get(n, {}) for n in _NUMBERS):
            return None
        values: dict[str, Any] = {}
        for f in dataclasses.fields(Session):
            name = "id" if f.name == "id_hash" else f.name
            if name not in item:
                continue
            typed = item[name]
            if "N" in typed:
                values[f.name] = float(typed["N"])
            elif "L" in typed:
                values[f.name] = tuple(v["S"] for v in typed["L"])
            else:
                values[f.name] = typed["S"]
        return Session(**values)

    def put(self, session: Session, expires_at: int) -> None:
        item: dict[str, Any] = {"id": {"S": session.id_hash}, "expires_at": {"N": str(expires_at)}}
        for f in dataclasses.fields(Session):
            if f.name == "id_hash":
                continue
            value = getattr(session, f.name)
            if f.name in _NUMBERS:
                item[f.name] = {"N": repr(float(value))}
            elif isinstance(value, tuple):
                item[f.name] = {"L": [{"S": v} for v in value]}
            elif value:
                item[f.name] = {"S": value}
        self._call("put_item", Item=item)

    def delete(self, id_hash: str) -> None:
        self._call("delete_item", Key={"id": {"S": id_hash}})

    def touch(self, id_hash: str, last_seen: float) -> None:
        from botocore.exceptions import ClientError

        try:
            self._call(
                "update_item",
                Key={"id": {"S": id_hash}},
                UpdateExpression="SET last_seen = :at",
                ConditionExpression="attribute_exists(id)",
                ExpressionAttributeValues={":at": {"N": repr(float(last_seen))}},
            )
        except ClientError:  # signed out meanwhile: nothing to touch
            return
