"""Benchmarks for the app: `make bench` (or `.venv/bin/python -m benchmarks`); see README.md."""
