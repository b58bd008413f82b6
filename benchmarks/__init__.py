"""Performance figures and budgets for Back School (``python -m benchmarks``)."""
