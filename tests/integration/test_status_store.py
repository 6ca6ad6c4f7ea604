"""Status changes in the leads table under moto: conditional on the current status, with history."""

from __future__ import annotations

import json

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.adapters import aws as aws_state
from leadcapture.intake import handler as submit
from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.status_changes import change_status
from tests.conftest import json_event, valid_lead
from tests.integration.helpers import leads_store


def new_lead(context: LambdaContext) -> str:
    answer = submit.handler(json_event(valid_lead()), context)
    assert answer["statusCode"] == 201
    return str(json.loads(answer["body"])["id"])


def test_a_new_lead_starts_its_history(aws: None, lambda_context: LambdaContext) -> None:
    lead = leads_store().get(new_lead(lambda_context))
    assert lead is not None
    assert [(c.status, c.by) for c in lead.history] == [("new", "form")]
    assert lead.history[0].at == lead.created_at


def test_changes_apply_in_order_and_each_is_recorded(aws: None, lambda_context: LambdaContext) -> None:
    store = leads_store()
    lead_id = new_lead(lambda_context)
    assert store.mark_notified(lead_id, message_id="m-1", at="2026-12-02T10:00:00.000Z")
    first = change_status(lead_id, "contacted", store=store, at="2026-12-02T11:00:00.000Z", by="coordinator")
    again = change_status(lead_id, "contacted", store=store, at="2026-12-02T11:05:00.000Z", by="coordinator")
    back = change_status(lead_id, "notified", store=store, at="2026-12-02T11:06:00.000Z", by="ses")
    assert (first.outcome, again.outcome, back.outcome) == ("changed", "unchanged", "refused")
    lead = store.get(lead_id)
    assert lead is not None and lead.status == "contacted"
    assert [(c.status, c.at, c.by) for c in lead.history] == [
        ("new", lead.created_at, "form"),
        ("notified", "2026-12-02T10:00:00.000Z", "notifier"),
        ("contacted", "2026-12-02T11:00:00.000Z", "coordinator"),
    ]
    item = aws_state.clients().dynamodb().get_item(TableName=store.table_name, Key={"id": {"S": lead_id}})["Item"]
    assert item["contacted_at"] == {"S": "2026-12-02T11:00:00.000Z"}


def test_a_missing_lead_is_not_found(aws: None) -> None:
    with pytest.raises(LeadNotFound):
        change_status("no-such-lead", "contacted", store=leads_store(), at="2026-12-02T11:00:00.000Z", by="cli")
