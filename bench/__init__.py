"""Benchmarks: `make bench` prints figures and ratios (never asserted in tests)."""
