"""Benchmark: `uv run python -m bench --files 1000` (see bench/README.md)."""
