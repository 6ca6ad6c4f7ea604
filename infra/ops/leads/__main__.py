"""`python -m infra.ops.leads ...` (what `python3 infra/dev.py leads ...` and the `leads` console script run)."""

from .cli import main

main()
