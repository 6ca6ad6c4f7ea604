"""The outside world behind the domain's ports: DynamoDB, SES, Secrets Manager/SSM, Turnstile.

Each adapter translates its service's errors into the domain's own exceptions.
"""
