"""Benchmarks: scripts that time kg on large data and print the figures."""
