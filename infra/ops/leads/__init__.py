"""`leads`: the practice's lead records from a terminal (cli.py; docs/records.md). Not part of the Lambda artifact."""
