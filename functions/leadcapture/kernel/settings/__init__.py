"""What the functions read from their environment: the pieces every function's settings are built from.

Each function has a small settings model of its own (`<feature>/settings.py`), made of the pieces
in this package and holding only what that function reads. A value the function cannot do without (its
table, its sender, its coordinators) has no default: a function deployed without it fails on its
first invocation with one log line naming the variable (`adapters/environment.py`), instead of
sending mail from a placeholder. The same variable names are used in AWS (set by template.yaml)
and locally (set by the local stack), so a setting means one thing everywhere. Values here are
configuration, never personal data, so a bad value may be named in a start-up error.

The pieces live in small modules (`base`, `tables`, `practice`, `links`, `mail`, `paging`), imported
one by one: this package's `__init__` imports none of them, so a function pays at cold start only
for the pieces its settings are made of.
"""
