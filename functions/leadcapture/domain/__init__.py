"""The rules and steps of the product: plain typed code that knows nothing of Lambda, HTTP or boto3.

Collaborators that touch the outside world come in through the interfaces of `ports.py`.
"""
