"""Urgent pages: each paging step from the page queue -> a text to every on-call phone, or the escalation."""
