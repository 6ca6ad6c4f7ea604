"""The urgent function's rules: send a page, schedule the next, escalate when nobody has the lead."""
