"""What the stack costs a month for a number of leads: list prices times a usage model, no free tier.

    .venv/bin/python -m infra.measure.cost            # the table docs/deploy.md quotes
    .venv/bin/python -m infra.measure.cost 2500       # any other volumes

Prices are us-east-1 on-demand list prices (DynamoDB's after its November 2024 on-demand cut),
each with the AWS pricing page it comes from (PRICES). They were not re-read from those pages on
the day this ran (no network here): check them before you rely on a figure. The usage per lead is a model,
written out below: requests and DynamoDB calls follow from the code (tests count the notifier's
DynamoDB calls), durations from docs/performance.md's local measurements rounded up generously.
The always-free tiers (1M Lambda requests and 400,000 GB-s, 10 alarms, 10 custom metrics,
3 dashboards) would cover most of it; they are left out so the figure holds in any account.
tests/unit/test_cost.py checks that docs/deploy.md shows this script's table.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

VOLUMES = (100, 10_000)


@dataclass(frozen=True)
class Price:
    usd: float
    per: str
    source: str


PRICES = {
    "api_request": Price(1.00 / 1e6, "HTTP API request", "https://aws.amazon.com/api-gateway/pricing/"),
    "lambda_request": Price(0.20 / 1e6, "Lambda request", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_gb_second_arm": Price(0.0000133334, "GB-second, arm64", "https://aws.amazon.com/lambda/pricing/"),
    "dynamodb_write": Price(0.625 / 1e6, "on-demand write request unit", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "dynamodb_read": Price(0.125 / 1e6, "on-demand read request unit", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "dynamodb_storage_gb": Price(0.25, "GB-month stored", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "pitr_gb": Price(0.20, "GB-month of point-in-time recovery", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "ses_email": Price(0.10 / 1000, "email sent", "https://aws.amazon.com/ses/pricing/"),
    "secret": Price(0.40, "secret-month", "https://aws.amazon.com/secrets-manager/pricing/"),
    "secret_call": Price(0.05 / 10_000, "Secrets Manager API call", "https://aws.amazon.com/secrets-manager/pricing/"),
    "alarm_metric": Price(0.10, "standard alarm metric-month", "https://aws.amazon.com/cloudwatch/pricing/"),
    "custom_metric": Price(0.30, "custom metric-month", "https://aws.amazon.com/cloudwatch/pricing/"),
    "dashboard": Price(3.00, "dashboard-month", "https://aws.amazon.com/cloudwatch/pricing/"),
    "log_gb": Price(0.50, "GB of logs ingested", "https://aws.amazon.com/cloudwatch/pricing/"),
    "snapstart_cache": Price(0.0000015046, "GB-second of SnapStart cache", "https://aws.amazon.com/lambda/pricing/"),
    "snapstart_restore": Price(0.0001397998, "GB restored by SnapStart", "https://aws.amazon.com/lambda/pricing/"),
}

# The usage model, per lead unless it says otherwise.
API_REQUESTS = 2  # the CORS preflight and the POST (a plain HTML form sends only the POST)
SUBMIT_GB, NOTIFY_GB = 0.5, 0.25  # template.yaml's MemorySize
SUBMIT_WARM_S, SUBMIT_COLD_S = 0.1, 1.2  # billed, with network to DynamoDB; cold includes init
NOTIFY_WARM_S, NOTIFY_COLD_S = 0.4, 1.2  # one SES send dominates
# At a few leads a day nearly every request starts cold; at ~14 an hour about half do.
COLD_SHARE = {100: 1.0, 10_000: 0.5}
# Submit: the lead (2 KB = 2 units), its idempotency record (put + update), the rate counter.
# Notify: the sent-email record (put + update), the lead marked (2 KB = 2 units); one 2 KB read.
WRITE_UNITS = 2 + 2 + 1 + 2 + 2
READ_UNITS = 1
LEAD_KB = 2
LOG_KB = 6  # a handful of JSON lines per function and the access log line
ALARM_METRICS = 15  # 11 one-metric alarms + 2 metric-math alarms of 2 metrics each
CUSTOM_METRICS = 12  # the metric names the code emits, one `service` dimension each
SECONDS_A_MONTH = 30 * 24 * 3600


def monthly(leads: int, *, retention_days: int = 365, snapstart: bool = False) -> dict[str, float]:
    """USD a month, by line, for `leads` a month; storage at steady state (RetentionDays of leads kept)."""
    p = {k: v.usd for k, v in PRICES.items()}
    cold = COLD_SHARE.get(leads, 0.5 if leads > 1000 else 1.0)
    submit_s = cold * SUBMIT_COLD_S + (1 - cold) * SUBMIT_WARM_S
    notify_s = cold * NOTIFY_COLD_S + (1 - cold) * NOTIFY_WARM_S
    stored_gb = leads * min(retention_days, 365) / 30 * LEAD_KB / 1e6
    lines = {
        "API Gateway (HTTP API)": leads * API_REQUESTS * p["api_request"],
        "Lambda (requests and duration)": leads * 2 * p["lambda_request"]
        + leads * (submit_s * SUBMIT_GB + notify_s * NOTIFY_GB) * p["lambda_gb_second_arm"],
        "DynamoDB (requests, storage, PITR)": leads * (WRITE_UNITS * p["dynamodb_write"] + READ_UNITS * p["dynamodb_read"])
        + stored_gb * (p["dynamodb_storage_gb"] + p["pitr_gb"]),
        "SES (one email a lead)": leads * p["ses_email"],
        "Secrets Manager (rate-limit key)": p["secret"] + leads * cold * p["secret_call"],
        "CloudWatch (alarms, metrics, dashboard, logs)": ALARM_METRICS * p["alarm_metric"]
        + CUSTOM_METRICS * p["custom_metric"]
        + p["dashboard"]
        + leads * LOG_KB / 1e6 * p["log_gb"],
    }
    if snapstart:
        # Two live versions cached all month, and a restore on every cold start.
        cache = (SUBMIT_GB + NOTIFY_GB) * SECONDS_A_MONTH * p["snapstart_cache"]
        restores = leads * cold * (SUBMIT_GB + NOTIFY_GB) * p["snapstart_restore"]
        lines["SnapStart (opt-in: cache and restores)"] = cache + restores
    return lines


def table(volumes: tuple[int, ...] = VOLUMES) -> str:
    """The markdown table docs/deploy.md shows."""
    by_volume = {n: monthly(n) for n in volumes}
    with_snapstart = {n: monthly(n, snapstart=True) for n in volumes}
    header = "| per month | " + " | ".join(f"{n:,} leads" for n in volumes) + " |"
    rows = [header, "| --- |" + " ---: |" * len(volumes)]
    for line in by_volume[volumes[0]]:
        rows.append(f"| {line} | " + " | ".join(f"${by_volume[n][line]:.2f}" for n in volumes) + " |")
    rows.append("| **total** | " + " | ".join(f"**${sum(by_volume[n].values()):.2f}**" for n in volumes) + " |")
    snap = "SnapStart (opt-in: cache and restores)"
    rows.append(f"| {snap}, added | " + " | ".join(f"${with_snapstart[n][snap]:.2f}" for n in volumes) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("volumes", nargs="*", type=int, help="leads a month (default: 100 and 10,000)")
    volumes = tuple(parser.parse_args().volumes) or VOLUMES
    print(table(volumes))
    print()
    for name, price in PRICES.items():
        print(f"- {name}: ${price.usd:.10g} per {price.per} ({price.source})")


if __name__ == "__main__":
    main()
