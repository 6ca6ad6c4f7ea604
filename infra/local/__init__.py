"""The local stack: the whole product on one port, with moto as the AWS (dev tooling, never deployed).

`python3 infra/dev.py run` starts it. It serves the example form from infra/site/, runs
POST /consultations through the submit handler with events shaped as API Gateway HTTP API
(payload 2.0) shapes them, feeds the notify handler from the leads table's stream as Lambda's
event source mapping would, and shows the emails sent and the leads stored.
"""
