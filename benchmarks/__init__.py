"""Benchmarks: scripts that time kg on large data and print the figures.

``python -m benchmarks.bench --help`` (or ``kg bench --help``) measures builds, stores, named
queries and analyses on synthetic worlds and on a real build; ``analysis_bench`` and
``export_bench`` time the analyses and exports alone.
"""
