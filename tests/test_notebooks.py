"""The notebooks in notebooks/ run top to bottom, and are committed without outputs.

Each notebook is executed with nbclient in a fresh ``python3`` kernel (ipykernel of the running
interpreter), with the notebooks folder as working directory, as a reader would run it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SHARED_DATA = ROOT.parent / "shared" / "data"

#: Seconds one cell may take. The slowest cell (notebook 2's import of the full SIPRI register
#: and load of SIPRI + COW) takes about 30 s on 2 cores; ten times that leaves room for a slow CI.
CELL_TIMEOUT = 600

#: What each notebook needs from ../shared/data (it is skipped, naming the file, when absent).
NEEDS = {
    "02-seventy-years-of-transfers.ipynb": [
        "sipri_trade_register_2025-03-13.csv",
        "cow_states2016.csv",
        "cow_alliance_v4.1_by_member.csv",
        "cow_MIDA_4.3.csv",
        "cow_MIDB_4.3.csv",
    ],
}

#: What each notebook must show besides tables: the inline graph page, or a chart.
SHOWS = {
    "01-one-supplier-two-rivals.ipynb": "text/html",
    "02-seventy-years-of-transfers.ipynb": "image/png",
    "03-extending-the-graph.ipynb": "image/png",
}

ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_guided_notebooks_are_there():
    names = [p.name for p in ALL]
    expected = [
        "01-one-supplier-two-rivals.ipynb",
        "02-seventy-years-of-transfers.ipynb",
        "03-extending-the-graph.ipynb",
    ]
    assert all(n in names for n in expected), names


def test_the_readme_links_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in ALL if f"(notebooks/{p.name})" not in readme]
    assert not missing, missing


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_a_committed_notebook_has_no_outputs_and_no_execution_counts(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; clear them"


def test_the_python3_kernel_is_this_interpreter():
    argv = KernelSpecManager().get_kernel_spec("python3").argv
    assert (
        argv[0] in (sys.executable, "python", "python3")
        or Path(argv[0]).resolve() == Path(sys.executable).resolve()
    ), argv


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_a_notebook_runs_top_to_bottom_without_an_error(path):
    for name in NEEDS.get(path.name, []):
        if not (SHARED_DATA / name).is_file():
            pytest.skip(f"real dataset missing: {SHARED_DATA / name} ({path.name} reads it)")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except CellExecutionError as e:
        pytest.fail(f"{path.name} failed:\n{e}")
    errors = [
        (i, out.get("ename"), out.get("evalue"))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors, errors
    ran = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert None not in ran, f"{path.name}: cells not executed: {ran}"
    if path.name in SHOWS:
        kinds = {
            kind
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            for kind in o.get("data", {})
        }
        assert SHOWS[path.name] in kinds, (path.name, sorted(kinds))


def test_without_the_datasets_notebook_2_says_what_to_download_where(tmp_path):
    path = NOTEBOOKS / "02-seventy-years-of-transfers.ipynb"
    nb = nbformat.read(path, as_version=4)
    setting = next(i for i, c in enumerate(nb.cells) if c.source.startswith("DATA = "))
    cell = nb.cells[setting]
    cell.source = cell.source.replace(
        'ROOT.parent / "shared" / "data"', f"Path({str(tmp_path)!r})", 1
    )
    assert str(tmp_path) in cell.source, cell.source
    nb.cells = nb.cells[: setting + 1]
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["FileNotFoundError"], cell.outputs
    message = errors[0].evalue
    for needed in NEEDS[path.name] + ["sipri.org", "correlatesofwar.org"]:
        assert needed in message, message
