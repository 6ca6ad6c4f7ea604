"""The lookup index's reads and writes: the leads under a person's hashes, and a stored lead reindexed.

Apart because only the desk's search and forget and the ops tools (`leads find`, `leads reindex`)
use them, and intake's metric when its key cannot be read; the hashes' attributes and indexes are in
`items.py` (put_new writes them with a new lead).
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters.leads.items import KEY, LOOKUP_INDEXES, lookup_attributes
from leadcapture.adapters.leads.table import LeadTable
from leadcapture.kernel.lookup import LookupKeys
from leadcapture.observability import logger, metrics


def lookup_key_unavailable() -> None:
    """The lookup key could not be read: the lead is stored without its hashes (`leads reindex` adds them)."""
    metrics.add_metric(name="LookupKeyUnavailable", unit=MetricUnit.Count, value=1)
    logger.warning("lead stored without lookup hashes: lookup key unavailable")


class LookupIndex(LeadTable):
    def find(self, lookup: LookupKeys) -> list[str]:
        """The ids of every lead indexed under these hashes (a query of each index, never a scan)."""
        found: set[str] = set()
        for attribute, index in LOOKUP_INDEXES.items():
            value = getattr(lookup, attribute)
            if not value:
                continue
            kwargs = {
                "TableName": self.table_name,
                "IndexName": index,
                "KeyConditionExpression": "#h = :h",
                "ExpressionAttributeNames": {"#h": attribute},
                "ExpressionAttributeValues": {":h": {"S": value}},
            }
            found.update(item[KEY]["S"] for item in self._pages("query", kwargs))
        return sorted(found)

    def index(self, lead_id: str, lookup: LookupKeys) -> bool:
        """Add the lookup hashes to a stored lead (reindex); False when there is no such lead."""
        from botocore.exceptions import ClientError

        attributes = lookup_attributes(lookup)
        if not attributes:
            return False
        names = {f"#a{i}": name for i, name in enumerate(attributes)}
        values = {f":v{i}": value for i, value in enumerate(attributes.values())}
        try:
            self._call(
                "update_item",
                Key={KEY: {"S": lead_id}},
                UpdateExpression="SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(attributes))),
                ConditionExpression="attribute_exists(#id)",
                ExpressionAttributeNames={"#id": KEY, **names},
                ExpressionAttributeValues=values,
            )
        except ClientError:
            return False
        return True
