"""kg: a knowledge graph of states, arms deals, disputes and the relations around them.

The library comes first; the ``kg`` command is a thin layer over it. Start with
:func:`kg.build.build` (curated files to a dataset) and :func:`kg.query.run_query`.
"""

__version__ = "0.1.0"
