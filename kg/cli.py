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
STORE_PATH_OPTION = click.option(
    "--store-path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Oxigraph store on disk written by `kg build --store-path` "
    "[default: the store inside --data, when it matches the build].",
)


def _compose(*decorators):
    """One decorator applying ``decorators``: the first one listed comes first in --help."""

    def apply(func):
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


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
@click.option(
    "--store-path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the Oxigraph store on disk to this folder [default: OUT/store].",
)
@click.option("--no-store", is_flag=True, help="Write no store on disk (kg.nq only).")
@handle_errors
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    no_validate: bool,
    store_path: Path | None,
    no_store: bool,
) -> None:
    """Load curated files (default: the seeds), validate, and write TriG, N-Quads and a store.

    The TriG and N-Quads files are byte-identical for the same input; on any error the output
    folder and the store are left as they were.
    """
    from kg.build import build as run_build

    if no_store and store_path is not None:
        raise click.UsageError("--store-path and --no-store exclude each other")
    result = run_build(
        paths or None,
        out_dir,
        validate=not no_validate,
        progress=_progress,
        store=not no_store,
        store_path=store_path,
    )
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
    if result.store_path is not None:
        click.echo(f"store: {result.store_path}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["sparql", "shacl"]),
    default="sparql",
    show_default=True,
    help="Apply the shapes as SPARQL queries on Oxigraph (fast) or with pySHACL (slow).",
)
@handle_errors
def validate(paths: tuple[Path, ...], engine: str) -> None:
    """Check curated files against the schema and SHACL shapes; list every problem."""
    from kg.build import assemble

    result = assemble(paths or None, engine=engine)
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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop the query after this many seconds (it runs in a child process that is killed).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    metavar="ROWS",
    help="Print at most this many rows, and say so when the query had more.",
)
@DATA_OPTION
@STORE_PATH_OPTION
@STORE_OPTION
@handle_errors
def query(
    query: str | None,
    query_file,
    params: tuple[str, ...],
    fmt: str | None,
    list_queries: bool,
    allow_remote: bool,
    timeout: float | None,
    limit: int | None,
    data_dir: Path,
    store_path: Path | None,
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
    store = open_build(data_dir, backend, store_path)
    result = run_query(store, query, given, allow_remote=allow_remote, timeout=timeout, limit=limit)
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    out = {
        "table": result.to_table,
        "json": result.to_json,
        "csv": result.to_csv,
        "tsv": lambda: result.to_csv(sep="\t"),
    }[fmt]()
    click.echo(out, nl=False)
    if result.truncated:
        click.echo(
            f"showing the first {limit} rows: the query has more (raise --limit to see them)",
            err=True,
        )


@main.group("import")
def import_group() -> None:
    """Import a dataset as one source: SIPRI's trade register or Correlates of War data.

    Each import writes one Turtle file (by default into imports/, named after the source);
    add it to a build with `kg build seeds imports`. Rows that cannot be imported are listed
    with their line and reason; with more of them than --max-rejects, nothing is written.
    """


_import_options = _compose(
    click.option(
        "--max-rejects",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Write the import even if this many rows are rejected.",
    ),
    click.option(
        "--seeds",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="Curated files whose entities and crosswalks names resolve to (default: the seeds).",
    ),
    click.option(
        "-o",
        "--out",
        type=click.Path(path_type=Path),
        default=Path("imports"),
        show_default=True,
        help="Folder to write into, or a file (.ttl, or .yaml for the curated format).",
    ),
)


def _run_import(func, *args, **kwargs) -> None:
    from kg.imports.common import RejectedRecordsError

    try:
        report = func(*args, **kwargs)
    except RejectedRecordsError as e:
        for line in e.report.summary():
            click.echo(line)
        raise
    for line in report.summary():
        click.echo(line)
    if report.output and report.output.suffix == ".ttl":
        from kg.paths import seeds_dir

        seeds = kwargs.get("seeds") or seeds_dir()
        click.echo(
            f"add it to a build: kg build {_shown(seeds)} {_shown(report.output.parent)}", err=True
        )


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@import_group.command("sipri")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--system",
    default=None,
    metavar="NAME",
    help="Keep only the rows about one weapon system (an excerpt for seeds/).",
)
@_import_options
@handle_errors
def import_sipri(file: Path, system: str | None, out: Path, seeds: Path | None, max_rejects: int):
    """Import a SIPRI trade-register export (CSV, as SIPRI's website writes it)."""
    from kg.imports.sipri import import_sipri as run

    _run_import(run, file, out, seeds=seeds, system=system, max_rejects=max_rejects)


@import_group.command("cow-states")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_import_options
@handle_errors
def import_cow_states(file: Path, out: Path, seeds: Path | None, max_rejects: int):
    """Import COW state-system membership (states2016.csv)."""
    from kg.imports.cow import import_cow_states as run

    _run_import(run, file, out, seeds=seeds, max_rejects=max_rejects)


@import_group.command("cow-alliances")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_import_options
@handle_errors
def import_cow_alliances(file: Path, out: Path, seeds: Path | None, max_rejects: int):
    """Import COW formal alliances, one row per member (alliance_v4.1_by_member.csv)."""
    from kg.imports.cow import import_cow_alliances as run

    _run_import(run, file, out, seeds=seeds, max_rejects=max_rejects)


@import_group.command("cow-mids")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_import_options
@handle_errors
def import_cow_mids(files: tuple[Path, ...], out: Path, seeds: Path | None, max_rejects: int):
    """Import COW militarized interstate disputes: MIDA and MIDB (give one, the other is
    looked for beside it)."""
    from kg.imports.cow import import_cow_mids as run

    if len(files) > 2:
        raise click.UsageError("give the MIDA file, the MIDB file, or both")
    _run_import(run, list(files), out, seeds=seeds, max_rejects=max_rejects)


@main.command()
@click.option(
    "--states",
    type=click.IntRange(min=2),
    default=197,
    show_default=True,
    help="States in the world (beyond the seeds' 197, synthetic ones are added).",
)
@click.option(
    "--deals",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Arms deals in the register.",
)
@click.option(
    "--disputes",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Disputes between states.",
)
@click.option(
    "--triples",
    type=click.IntRange(min=1),
    default=None,
    help="Size the world in triples instead (sets --deals and --disputes).",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed writes the same bytes."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("world"),
    show_default=True,
    help="Folder to write the world to (replaced whole, if kg synth wrote it).",
)
@handle_errors
def synth(
    states: int, deals: int, disputes: int, triples: int | None, seed: int, out_dir: Path
) -> None:
    """Write a synthetic world in the curated format, to benchmark and test at scale.

    It refers to the states of the seeds: build it with them (`kg build seeds WORLD`).
    """
    from kg.paths import seeds_dir
    from kg.synth import WorldSpec, spec_for_triples, write_world

    if triples is not None:
        spec = spec_for_triples(triples, seed=seed, states=states)
    else:
        spec = WorldSpec(states=states, deals=deals, disputes=disputes, seed=seed)
    summary = write_world(out_dir, spec)
    counts = ", ".join(f"{n} {t}" for t, n in summary.records.items())
    click.echo(f"wrote {out_dir}: {len(summary.files)} files ({counts})", err=True)
    click.echo(f"build it with: kg build {seeds_dir()} {out_dir}", err=True)


@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args: tuple[str, ...]) -> None:
    """Run the benchmark (benchmarks/bench.py; `kg bench --help` lists its options)."""
    try:
        from benchmarks.bench import main as run_bench
    except ImportError as e:
        raise click.ClickException(
            "kg bench runs from a checkout of kg (the benchmarks/ folder is not installed): "
            "run it from the project folder"
        ) from e
    sys.exit(run_bench(list(args)))


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


# the options every `kg analyze` command shares: output, window, sources, store
_analysis_options = _compose(
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="A table for reading, or JSON with every field.",
    ),
    click.option("--as-of", "as_of", metavar="DATE", help="Facts that hold on that day (or year)."),
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
)


def _facts(data_dir: Path, backend: str):
    from kg.build import open_build
    from kg.project import Facts

    return Facts.read(open_build(data_dir, backend))


def _period(since: str | None, until: str | None, as_of: str | None):
    if as_of and (since or until):
        raise click.UsageError("give --as-of or --since/--until, not both")
    return (since, until) if since or until else None


def _analysed(opts: dict):
    """The facts of --data, and the filters of :func:`_analysis_options` as analyses take them."""
    facts = _facts(opts["data_dir"], opts["backend"])
    filters = {
        "as_of": opts["as_of"],
        "period": _period(opts["since"], opts["until"], opts["as_of"]),
        "sources": opts["sources"] or None,
        "min_certainty": opts["min_certainty"],
    }
    return facts, filters


def _show(result, opts: dict) -> None:
    result = result.limit(opts["limit"])
    click.echo(result.to_json() if opts["fmt"] == "json" else result.to_table(), nl=False)


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
def analyze_dual_supply(years, **opts) -> None:
    """Suppliers with deals to opposing sides of a dispute active in the period."""
    from kg.analysis.dual_supply import dual_supply

    facts, filters = _analysed(opts)
    _show(dual_supply(facts, **filters, years=years), opts)


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
def analyze_balance(mixed, include_balanced, **opts) -> None:
    """Unbalanced triangles of the signed graph, ranked, and the balance index."""
    from kg.analysis.balance import balance

    facts, filters = _analysed(opts)
    result = balance(
        facts, **filters, mixed=mixed, include_balanced=include_balanced, limit=opts["limit"]
    )
    _show(result, opts)


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
def analyze_dependence(measure, min_share, exposed, **opts) -> None:
    """Suppliers' shares of each recipient's arms, the HHI, and suppliers arming adversaries."""
    from kg.analysis.dependence import dependence

    facts, filters = _analysed(opts)
    result = dependence(
        facts, **filters, measure=measure, min_share=min_share, exposed_only=exposed
    )
    _show(result, opts)


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
def analyze_centrality(measure, by_decade, top, **opts) -> None:
    """Degree, weighted PageRank and betweenness in the transfer network."""
    from kg.analysis.centrality import centrality, top_by_decade

    facts, filters = _analysed(opts)
    if by_decade:
        if filters.pop("as_of"):
            raise click.UsageError("--by-decade takes a period (--since/--until), not --as-of")
        result = top_by_decade(facts, **filters, measure=measure, top=top)
    else:
        result = centrality(facts, **filters, measure=measure)
    _show(result, opts)


@analyze.command("timeline")
@click.argument("names", nargs=-1, required=True)
@_analysis_options
@handle_errors
def analyze_timeline(names, **opts) -> None:
    """The dated events of a deal, a weapon system or an actor (one NAME), or of two actors.

    Example: kg analyze timeline S-400; kg analyze timeline Russia India.
    """
    from kg.analysis.timeline import timeline

    if len(names) > 2:
        raise click.UsageError("give one deal, system or actor, or two actors")
    facts, filters = _analysed(opts)
    _show(timeline(facts, *names, **filters), opts)


@analyze.command("changes")
@_analysis_options
@handle_errors
def analyze_changes(**opts) -> None:
    """Relations and arms transfers that began or ended between --since and --until."""
    from kg.analysis.changes import changes

    since, until = opts["since"], opts["until"]
    if opts["as_of"] or not (since and until):
        raise click.UsageError("changes are between two days: give --since and --until")
    facts = _facts(opts["data_dir"], opts["backend"])
    _show(changes(facts, since, until, opts["sources"] or None, opts["min_certainty"]), opts)


# --------------------------------------------------------------------------- export


def _output_option(help_text: str):
    """-o/--output, required: the one file an export writes."""
    return click.option(
        "-o",
        "--output",
        "output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help_text,
    )


def _selection_options(*, as_of: str, period: str, source: str, min_certainty: str):
    """--as-of, --period, --since, --until, --source, --min-certainty of a `kg export`.

    Each export says in its own words what they keep (facts of a graph, events of a timeline).
    """
    return _compose(
        click.option("--as-of", "as_of", metavar="DATE", help=as_of),
        click.option("--period", metavar="SINCE..UNTIL", help=period),
        click.option("--since", metavar="DATE", help="Start of the period (as in kg analyze)."),
        click.option("--until", metavar="DATE", help="End of the period (as in kg analyze)."),
        click.option("--source", "sources", multiple=True, metavar="ID", help=source),
        click.option("--min-certainty", metavar="LEVEL", help=min_certainty),
    )


def _export_options(func):
    """The options every `kg export` of a graph shares: what to draw, and from which build."""
    from kg.export.findings import ANALYSES
    from kg.export.select import PROJECTIONS

    return _compose(
        _output_option("The file to write (replaced atomically)."),
        click.option(
            "--graph",
            type=click.Choice(PROJECTIONS),
            default=None,
            help="The projection: relations between actors (default), arms transfers, or the "
            "signed graph of cooperation and hostility.",
        ),
        click.option(
            "--focus",
            metavar="ENTITY",
            help="Only this entity (id, name, alias or code) and its neighbourhood.",
        ),
        click.option(
            "--depth",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="How many steps from --focus to draw.",
        ),
        _selection_options(
            as_of="Facts that hold on that day (or year).",
            period="Facts that held at some moment of the period, e.g. 2015..2020, 2018.. or "
            "..1990.",
            source="Only this source's claims (its id or IRI; repeatable).",
            min_certainty="Only claims at least this certain: confirmed, reported, estimated, "
            "disputed or unclear.",
        ),
        click.option(
            "--query",
            metavar="NAME",
            help="Draw the rows of a named query (see kg query --list) instead of a projection.",
        ),
        click.option(
            "-p",
            "--param",
            "params",
            multiple=True,
            metavar="NAME=VALUE",
            help="A parameter of the --query (repeatable).",
        ),
        click.option(
            "--link",
            "links",
            nargs=2,
            multiple=True,
            metavar="VAR VAR",
            help="Draw an edge between these two IRI columns of the --query (repeatable; "
            "default: the first IRI column to each of the others).",
        ),
        click.option(
            "--analysis",
            type=click.Choice(list(ANALYSES)),
            help="Highlight the findings of an analysis, run with the same filters.",
        ),
        DATA_OPTION,
        STORE_OPTION,
    )(func)


def _window(as_of, period, since, until):
    """(as_of, period) from --as-of, --period SINCE..UNTIL, --since and --until."""
    if period is not None:
        if since or until:
            raise click.UsageError("give --period or --since/--until, not both")
        first, sep, last = period.partition("..")
        if not sep:
            raise click.UsageError(f"--period takes SINCE..UNTIL (e.g. 2015..2020), got {period!r}")
        since, until = first.strip() or None, last.strip() or None
    if as_of and (since or until):
        raise click.UsageError("give --as-of or a period, not both")
    return as_of, ((since, until) if since or until else None)


def _query_params(items) -> dict[str, str]:
    given = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
        given[name.strip()] = value
    return given


def _export_graph(opts: dict):
    """The graph the options of :func:`_export_options` select."""
    from kg.build import open_build
    from kg.export.select import select

    if opts["query"] and opts["graph"]:
        raise click.UsageError("give --query or --graph, not both")
    as_of, period = _window(opts["as_of"], opts["period"], opts["since"], opts["until"])
    store = open_build(opts["data_dir"], opts["backend"])
    return select(
        store,
        graph=opts["graph"] or "relations",
        as_of=as_of,
        period=period,
        sources=opts["sources"] or None,
        min_certainty=opts["min_certainty"],
        query=opts["query"],
        params=_query_params(opts["params"]) or None,
        links=list(opts["links"]) or None,
        analysis=opts["analysis"],
        center=opts["focus"],
        depth=opts["depth"],
    )


def _report(path: Path, g) -> None:
    size = path.stat().st_size
    click.echo(
        f"wrote {path}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
        f"{size / 1024:,.0f} KiB",
        err=True,
    )
    for note in g.graph.get("notes", []):
        click.echo(f"  {note}", err=True)


@main.group()
def export() -> None:
    """Draw the graph (interactive HTML, a timeline chart) or write it for Gephi and Cytoscape.

    Every export reads the build folder (--data) and writes one file (-o), atomically.
    """


@export.command("html")
@_export_options
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=1500,
    show_default=True,
    help="Past this many nodes, draw the best-connected ones only (the page says so).",
)
@click.option(
    "--max-edges",
    type=click.IntRange(min=0),
    default=6000,
    show_default=True,
    help="Past this many edges, draw the heaviest ones only (the page says so).",
)
@click.option("--title", metavar="TEXT", help="The page's heading (default: the graph drawn).")
@handle_errors
def export_html(max_nodes, max_edges, title, **opts) -> None:
    """One self-contained HTML page, readable offline: kg export html -o graph.html."""
    from kg.export.html import write_html
    from kg.export.view import view

    g = view(_export_graph(opts), max_nodes=max_nodes, max_edges=max_edges)
    _report(write_html(g, opts["output"], title), g)


@export.command("graphml")
@_export_options
@handle_errors
def export_graphml(**opts) -> None:
    """GraphML of the graph (every node and edge; lists joined by '; ')."""
    from kg.export.networkx_formats import write_graphml

    g = _export_graph(opts)
    _report(write_graphml(g, opts["output"]), g)


@export.command("gexf")
@_export_options
@handle_errors
def export_gexf(**opts) -> None:
    """GEXF of the graph, with colours and edge dates for Gephi's timeline."""
    from kg.export.networkx_formats import write_gexf

    g = _export_graph(opts)
    _report(write_gexf(g, opts["output"]), g)


@export.command("timeline")
@click.option(
    "--deal", metavar="NAME", help="The deal (id or label; a system or an actor works too)."
)
@click.option("--pair", nargs=2, metavar="A B", help="Two actors: their deals and relations.")
@_output_option("FILE.png or FILE.svg (the suffix chooses the format).")
@_selection_options(
    as_of="Only events that may have happened by then.",
    period="Only events that may fall in the period.",
    source="Only this source's claims.",
    min_certainty="Only claims at least this certain.",
)
@click.option("--title", metavar="TEXT", help="The chart's title (default: the question).")
@DATA_OPTION
@STORE_OPTION
@handle_errors
def export_timeline(
    deal,
    pair,
    output,
    as_of,
    period,
    since,
    until,
    sources,
    min_certainty,
    title,
    data_dir,
    backend,
) -> None:
    """A static chart of a deal's or a pair of actors' events, fuzzy dates drawn as spans."""
    from kg.analysis.timeline import timeline
    from kg.export.timeline import write_timeline

    if bool(deal) == bool(pair):
        raise click.UsageError("give --deal NAME or --pair A B")
    as_of, period = _window(as_of, period, since, until)
    facts = _facts(data_dir, backend)
    names = [deal] if deal else list(pair)
    result = timeline(
        facts,
        *names,
        as_of=as_of,
        period=period,
        sources=sources or None,
        min_certainty=min_certainty,
    )
    write_timeline(result, output, title)
    click.echo(f"wrote {output}: {len(result.rows)} events", err=True)


if __name__ == "__main__":
    main()
