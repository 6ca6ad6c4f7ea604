"""Performance benchmarks of the two functions, each figure against a baseline measured in the same run.

    python3 infra/dev.py bench            # the whole suite (a few minutes on two cores)
    python3 infra/dev.py bench --quick    # fewer repetitions: a rough look in under a minute

See docs/performance.md for the figures, the targets and what each one means.
"""
