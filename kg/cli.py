"""The ``kg`` command: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from kg.errors import KGError
from kg.paths import DEFAULT_BUILD_DIR

STORE_OPTION = click.option(
    "--store",
    "backend",
    type=click.Choice(["oxigraph", "memory"]),
    default="oxigraph",
    show_default=True,
    help="RDF store: Oxigraph (fast) or rdflib's Memory store.",
)
DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_BUILD_DIR,
    show_default=True,
    help="Build folder written by `kg build`.",
)


def handle_errors(func):
    """Turn kg's own errors into a clean message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"\r\033[K{message[-70:]}", nl=False, err=True)


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of states, arms deals, disputes and the relations around them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_BUILD_DIR,
    show_default=True,
    help="Folder to write the dataset to.",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster, unsafe).")
@handle_errors
def build(paths: tuple[Path, ...], out_dir: Path, no_validate: bool) -> None:
    """Load curated files (default: the seeds), validate, and write TriG and N-Quads.

    The output is byte-identical for the same input; on any error the output folder is left
    as it was.
    """
    from kg.build import build as run_build

    result = run_build(paths or None, out_dir, validate=not no_validate, progress=_progress)
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    total = sum(result.counts.values())
    click.echo(
        f"built {out_dir}: {total} quads in {len(result.counts)} graphs "
        f"from {len(result.load.files)} files",
        err=True,
    )
    for graph, n in result.counts.items():
        click.echo(f"  {n:>8}  {graph}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@handle_errors
def validate(paths: tuple[Path, ...]) -> None:
    """Check curated files against the schema and SHACL shapes; list every problem."""
    from kg.build import assemble

    result = assemble(paths or None)
    click.echo(f"valid: {len(result.load.files)} files, {len(result.load.quads)} quads")


@main.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the SPARQL query from a file ('-' for standard input).",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default=None,
    help="Output format; a table on a terminal, CSV otherwise.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let the query use SERVICE, LOAD and FROM on files or the network (unsafe).",
)
@DATA_OPTION
@STORE_OPTION
@handle_errors
def query(
    query: str | None,
    query_file,
    params: tuple[str, ...],
    fmt: str | None,
    list_queries: bool,
    allow_remote: bool,
    data_dir: Path,
    backend: str,
) -> None:
    """Run a named query (see --list) or a SPARQL query given inline or with --file."""
    from kg.build import open_build
    from kg.query import named_queries, run_query

    if list_queries:
        for name, q in named_queries().items():
            args = " ".join(f"[{p.name}={p.default}]" for p in q.params)
            click.echo(f"{name} {args}".rstrip())
            click.echo(f"    {q.question}")
        return
    if query_file is not None:
        if query:
            raise click.UsageError("give a query or --file, not both")
        query = query_file.read()
    if not query:
        raise click.UsageError("give a query name (see --list), SPARQL text, or --file")
    given = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
        given[name.strip()] = value
    store = open_build(data_dir, backend)
    result = run_query(store, query, given, allow_remote=allow_remote)
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    out = {
        "table": result.to_table,
        "json": result.to_json,
        "csv": result.to_csv,
        "tsv": lambda: result.to_csv(sep="\t"),
    }[fmt]()
    click.echo(out, nl=False)


@main.command()
@click.option("--check", is_flag=True, help="Fail if ontology/kg.ttl or shapes.ttl is stale.")
@handle_errors
def ontology(check: bool) -> None:
    """Regenerate ontology/kg.ttl and ontology/shapes.ttl from ontology/schema.yaml."""
    from kg.ontology import ontology_text
    from kg.paths import ontology_dir
    from kg.shapes import shapes_text

    folder = ontology_dir()
    stale = []
    for name, text in (("kg.ttl", ontology_text()), ("shapes.ttl", shapes_text())):
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    if check and stale:
        raise click.ClickException(f"stale: {', '.join(stale)}; run `kg ontology` to regenerate")
    click.echo("up to date" if not stale else f"wrote {', '.join(stale)}")


# --------------------------------------------------------------------------- analyze


def _analysis_options(func):
    """The options every `kg analyze` command shares: output, window, sources, store."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["table", "json"]),
            default="table",
            show_default=True,
            help="A table for reading, or JSON with every field.",
        ),
        click.option(
            "--as-of", "as_of", metavar="DATE", help="Facts that hold on that day (or year)."
        ),
        click.option("--since", metavar="DATE", help="Start of the period (a year or a day)."),
        click.option("--until", metavar="DATE", help="End of the period (a year or a day)."),
        click.option(
            "--source",
            "sources",
            multiple=True,
            metavar="ID",
            help="Only this source's claims (its id or IRI; repeatable).",
        ),
        click.option(
            "--min-certainty",
            metavar="LEVEL",
            help="Only claims at least this certain, e.g. reported (the levels of the "
            "Certainty list in ontology/schema.yaml, most certain first).",
        ),
        click.option("--limit", type=click.IntRange(min=0), help="Show only the first N rows."),
        DATA_OPTION,
        STORE_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _facts(data_dir: Path, backend: str):
    from kg.build import open_build
    from kg.project import Facts

    return Facts.read(open_build(data_dir, backend))


def _period(since: str | None, until: str | None, as_of: str | None):
    if as_of and (since or until):
        raise click.UsageError("give --as-of or --since/--until, not both")
    return (since, until) if since or until else None


def _show(result, fmt: str, limit: int | None) -> None:
    result = result.limit(limit)
    click.echo(result.to_json() if fmt == "json" else result.to_table(), nl=False)


@main.group()
def analyze() -> None:
    """Structural analyses: dual supply, balance, dependence, centrality, timelines, changes.

    Each reads the build folder (--data), can be taken as of a day or over a period, kept to
    some sources or to claims of some certainty, and cites the sources of every row.
    """


@analyze.command("dual-supply")
@click.option(
    "--years",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many years before a dispute began a deal still counts.",
)
@_analysis_options
@handle_errors
def analyze_dual_supply(
    years, fmt, as_of, since, until, sources, min_certainty, limit, data_dir, backend
) -> None:
    """Suppliers with deals to opposing sides of a dispute active in the period."""
    from kg.analysis.dual_supply import dual_supply

    result = dual_supply(
        _facts(data_dir, backend),
        as_of,
        _period(since, until, as_of),
        sources or None,
        min_certainty,
        years=years,
    )
    _show(result, fmt, limit)


@analyze.command("balance")
@click.option(
    "--mixed",
    type=click.Choice(["negative", "positive", "drop"]),
    default="negative",
    show_default=True,
    help="Sign of a pair that both cooperates and is hostile.",
)
@click.option("--all", "include_balanced", is_flag=True, help="List balanced triangles too.")
@_analysis_options
@handle_errors
def analyze_balance(
    mixed,
    include_balanced,
    fmt,
    as_of,
    since,
    until,
    sources,
    min_certainty,
    limit,
    data_dir,
    backend,
) -> None:
    """Unbalanced triangles of the signed graph, ranked, and the balance index."""
    from kg.analysis.balance import balance

    result = balance(
        _facts(data_dir, backend),
        as_of,
        _period(since, until, as_of),
        sources or None,
        min_certainty,
        mixed=mixed,
        include_balanced=include_balanced,
        limit=limit,
    )
    _show(result, fmt, limit)


MEASURE_OPTION = click.option(
    "--measure",
    type=click.Choice(["auto", "tiv", "deals"]),
    default="auto",
    show_default=True,
    help="Volume as SIPRI TIV delivered or as the number of deals (auto: TIV when known).",
)


@analyze.command("dependence")
@MEASURE_OPTION
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=0.25,
    show_default=True,
    help="Share of a recipient's arms from which it depends on a supplier.",
)
@click.option(
    "--exposed", is_flag=True, help="Only recipients whose supplier also arms an adversary."
)
@_analysis_options
@handle_errors
def analyze_dependence(
    measure,
    min_share,
    exposed,
    fmt,
    as_of,
    since,
    until,
    sources,
    min_certainty,
    limit,
    data_dir,
    backend,
) -> None:
    """Suppliers' shares of each recipient's arms, the HHI, and suppliers arming adversaries."""
    from kg.analysis.dependence import dependence

    result = dependence(
        _facts(data_dir, backend),
        as_of,
        _period(since, until, as_of),
        sources or None,
        min_certainty,
        measure=measure,
        min_share=min_share,
        exposed_only=exposed,
    )
    _show(result, fmt, limit)


@analyze.command("centrality")
@MEASURE_OPTION
@click.option("--by-decade", is_flag=True, help="Top suppliers and brokers of each decade instead.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many suppliers and brokers per decade (with --by-decade).",
)
@_analysis_options
@handle_errors
def analyze_centrality(
    measure,
    by_decade,
    top,
    fmt,
    as_of,
    since,
    until,
    sources,
    min_certainty,
    limit,
    data_dir,
    backend,
) -> None:
    """Degree, weighted PageRank and betweenness in the transfer network."""
    from kg.analysis.centrality import centrality, top_by_decade

    facts = _facts(data_dir, backend)
    period = _period(since, until, as_of)
    if by_decade:
        if as_of:
            raise click.UsageError("--by-decade takes a period (--since/--until), not --as-of")
        result = top_by_decade(facts, period, sources or None, min_certainty, measure, top)
    else:
        result = centrality(facts, as_of, period, sources or None, min_certainty, measure)
    _show(result, fmt, limit)


@analyze.command("timeline")
@click.argument("names", nargs=-1, required=True)
@_analysis_options
@handle_errors
def analyze_timeline(
    names, fmt, as_of, since, until, sources, min_certainty, limit, data_dir, backend
) -> None:
    """The dated events of a deal, a weapon system or an actor (one NAME), or of two actors.

    Example: kg analyze timeline S-400; kg analyze timeline Russia India.
    """
    from kg.analysis.timeline import timeline

    if len(names) > 2:
        raise click.UsageError("give one deal, system or actor, or two actors")
    result = timeline(
        _facts(data_dir, backend),
        *names,
        as_of=as_of,
        period=_period(since, until, as_of),
        sources=sources or None,
        min_certainty=min_certainty,
    )
    _show(result, fmt, limit)


@analyze.command("changes")
@_analysis_options
@handle_errors
def analyze_changes(
    fmt, as_of, since, until, sources, min_certainty, limit, data_dir, backend
) -> None:
    """Relations and arms transfers that began or ended between --since and --until."""
    from kg.analysis.changes import changes

    if as_of or not (since and until):
        raise click.UsageError("changes are between two days: give --since and --until")
    result = changes(_facts(data_dir, backend), since, until, sources or None, min_certainty)
    _show(result, fmt, limit)


if __name__ == "__main__":
    main()
