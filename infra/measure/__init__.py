"""Measurements on a developer's machine: the load run, what the defences cost, the local stack's timings.

Never deployed; none of it touches a real AWS account.
"""
