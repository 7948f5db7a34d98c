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


@main.group("import")
def import_group() -> None:
    """Import a dataset as one source: SIPRI's trade register or Correlates of War data.

    Each import writes one Turtle file (by default into imports/, named after the source);
    add it to a build with `kg build seeds imports`. Rows that cannot be imported are listed
    with their line and reason; with more of them than --max-rejects, nothing is written.
    """


def _import_options(func):
    func = click.option(
        "-o",
        "--out",
        type=click.Path(path_type=Path),
        default=Path("imports"),
        show_default=True,
        help="Folder to write into, or a file (.ttl, or .yaml for the curated format).",
    )(func)
    func = click.option(
        "--seeds",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="Curated files whose entities and crosswalks names resolve to (default: the seeds).",
    )(func)
    func = click.option(
        "--max-rejects",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Write the import even if this many rows are rejected.",
    )(func)
    return func


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
