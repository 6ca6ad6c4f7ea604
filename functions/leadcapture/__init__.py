"""lead-capture: the backend of a therapy practice's free-consultation form.

One folder per feature, each one Lambda function (`<feature>/handler.py`, the template's `Handler`):
`intake` (POST /consultations), `notify` (the coordinator email), `delivery` (SES events), `actions`
(the email's signed links), `followups` (reminders and escalations), `heartbeat`. Inside each:
handler > web > wiring > adapters > domain > settings, and features never import one another.
What they share: `kernel/` (the lead, statuses, ports, shared rules; no AWS) and `adapters/`
(AWS clients, the leads table, SES). import-linter enforces it (pyproject.toml, docs/decisions.md).
"""
