"""lead-capture: the backend of a therapy practice's free-consultation form.

`submit.handler` (API Gateway HTTP API) stores each request as a lead in DynamoDB; `notify.handler`
(the table's stream) emails the practice's care coordinator through SES.
"""
