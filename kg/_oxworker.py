"""Runs one query on a store on disk, in a child process that :mod:`kg.store` can kill.

Private to :mod:`kg.store` (``Store.run`` with a timeout). It reads a JSON request on standard
input (store folder, query, row limit, prefixes), opens the store read-only and writes the
answer as JSON lines: a head (``vars`` or ``boolean``), one line per row, then
``{"truncated": ...}``. It imports only pyoxigraph, so it starts in a few milliseconds. The
query has been screened by :func:`kg.query.check_safe` before it gets here.
"""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox

__all__: list[str] = []


def _term(t):
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ["u", t.value]
    if isinstance(t, ox.BlankNode):
        return ["b", t.value]
    if isinstance(t, ox.Literal):
        return ["l", t.value, t.datatype.value, t.language]
    return ["l", str(t), "http://www.w3.org/2001/XMLSchema#string", None]


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    try:
        store = ox.Store.read_only(request["store"])
        result = store.query(
            request["query"],
            use_default_graph_as_union=request["union"],
            prefixes=request["prefixes"],
        )
    except (OSError, SyntaxError, ValueError) as e:
        print(e, file=sys.stderr)
        return 1
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        out.write(json.dumps({"boolean": bool(result)}) + "\n")
        return 0
    if not isinstance(result, ox.QuerySolutions):
        print("only SELECT and ASK queries are supported", file=sys.stderr)
        return 1
    names = [v.value for v in result.variables]
    out.write(json.dumps({"vars": names}) + "\n")
    limit = request["limit"]
    truncated = False
    for n, solution in enumerate(result):
        if limit is not None and n >= limit:
            truncated = True
            break
        out.write(json.dumps([_term(solution[i]) for i in range(len(names))]) + "\n")
    out.write(json.dumps({"truncated": truncated}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
