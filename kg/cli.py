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


if __name__ == "__main__":
    main()
