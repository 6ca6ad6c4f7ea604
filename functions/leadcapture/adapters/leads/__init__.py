"""The leads table's parts, by concern: `adapters/leads_table.py` composes them into the one `LeadStore`.

`items` (a lead as a DynamoDB item) and `table` (the client, the conditional update, paging, the
writes every feature shares) are the core; each other module is a mixin over `table.LeadTable`
holding one concern's writes (the coordinator email, follow-ups, the person's emails, status
changes, urgent pages, the lookup index), so a port's methods are read in one place.
"""
