"""lead-capture: the backend of a therapy practice's free-consultation form.

Three layers, each a folder (import-linter keeps them apart; see pyproject.toml):

- `handlers/`: Lambda events in, answers out (`handlers.submit.handler`, `handlers.notify.handler`,
  `handlers.ses_events.handler`);
- `domain/`: the contract's rules and the steps (capture a request, notify the coordinator once,
  record what SES reports about the email),
  plain typed code with no boto3 and no Lambda event types;
- `adapters/`: DynamoDB, SES, Secrets Manager/SSM and Turnstile, behind the interfaces of
  `domain/ports.py`.

`wiring.py` builds each function's collaborators once per process from `settings.py`.
"""
