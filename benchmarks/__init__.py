"""Benchmarks of kg: scripts that print figures (run them; they are not tests).

``python -m benchmarks.bench --help`` (or ``kg bench --help``) measures builds, stores, named
queries and analyses on synthetic worlds and on a real build.
"""
