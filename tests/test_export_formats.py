"""GraphML and GEXF: what Gephi and Cytoscape read back."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from export_graphs import CHINA, EVIL, HOSTILE, INDIA, RUSSIA, hostile_graph

from kg.export.networkx_formats import (
    flat_graph,
    gexf_bytes,
    graphml_bytes,
    write_gexf,
    write_graphml,
)
from kg.export.select import select

ROOT = Path(__file__).resolve().parents[1]


def read_back(fmt: str, graph: nx.Graph) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(graphml_bytes(graph)), force_multigraph=True)
    return nx.read_gexf(io.BytesIO(gexf_bytes(graph)))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_every_node_and_edge_of_the_projection_is_written(seed_store, fmt):
    graph = select(seed_store)
    back = read_back(fmt, graph)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    relations = sorted(d["relation"] for *_, d in back.edges(data=True))
    assert relations == sorted(k for *_, k in graph.edges(keys=True)), relations


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_lists_and_dicts_become_simple_values(fmt):
    back = read_back(fmt, hostile_graph())
    edge = next(d for u, v, d in back.edges(data=True) if (u, v) == (RUSSIA, CHINA))
    assert edge["source_titles"] == HOSTILE and edge["value_USD"] == 5.43e9, edge
    assert back.nodes[EVIL]["label"] == HOSTILE


def test_gexf_edges_carry_their_widest_dates_for_the_timeline():
    text = gexf_bytes(hostile_graph()).decode()
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert 'start="2015-01-01"' in text, "the earliest possible start"
    edge = next(
        d
        for u, v, d in read_back("gexf", hostile_graph()).edges(data=True)
        if (u, v) == (RUSSIA, INDIA)
    )
    assert edge["start_text"] == "2015", edge


def test_gexf_carries_no_date_of_writing():
    assert b"lastmodifieddate" not in gexf_bytes(hostile_graph())


def test_an_attribute_mixing_integers_and_floats_is_written_as_float():
    g = nx.DiGraph()
    g.add_edge("a", "b", tiv_delivered=3)
    g.add_edge("b", "c", tiv_delivered=2.5)
    values = sorted(d["tiv_delivered"] for *_, d in flat_graph(g).edges(data=True))
    assert values == [2.5, 3.0] and all(isinstance(v, float) for v in values), values


def test_edges_get_unique_ids_although_multigraph_keys_repeat():
    text = graphml_bytes(hostile_graph()).decode()
    ids = [line.split('id="')[1].split('"')[0] for line in text.splitlines() if "<edge " in line]
    assert ids == ["e1", "e2", "e3", "e4"], ids


@pytest.mark.parametrize("write", [write_graphml, write_gexf], ids=["graphml", "gexf"])
def test_files_are_written_whole(tmp_path, write):
    path = write(hostile_graph(), tmp_path / "g.out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.out"]
    assert path.read_bytes().startswith(b"<?xml")


_WRITE = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from export_graphs import hostile_graph
from kg.export.networkx_formats import gexf_bytes, graphml_bytes
print(hashlib.sha256(graphml_bytes(hostile_graph()) + gexf_bytes(hostile_graph())).hexdigest())
"""


def test_the_same_graph_gives_the_same_bytes_whatever_the_hash_seed():
    code = _WRITE.format(tests=str(ROOT / "tests"))
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env=dict(os.environ, PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1, digests
