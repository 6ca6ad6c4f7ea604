"""Building and checking what is deployed: the Lambda artifact, the template, the table definitions, the docs' links."""
