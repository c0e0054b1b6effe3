"""Gephi's view of the graph: short unique labels, colours by kind, sizes by followers and degree,
read back from GEXF and GraphML by networkx and igraph."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import igraph
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cio_graph.graph.build import collect, write_build
from cio_graph.graph.export import gephi
from cio_graph.graph.export.gephi import KIND_COLORS, network_label, short_title, unique_labels
from tests.conftest import REPO


@pytest.fixture(scope="module")
def gephi_build(default_build) -> Path:
    return default_build


def followers(data: dict) -> float:
    """A node's followers, 0 when unknown (igraph reads a missing number as NaN)."""
    value = data.get("followers")
    return 0 if value is None or math.isnan(value) else value


def networks_by_record(graph: nx.Graph) -> dict[str, dict]:
    return {d["record_id"]: d for _, d in graph.nodes(data=True) if d.get("kind") == "network"}


def test_gexf_labels_are_short_unique_and_keep_the_title(gephi_build):
    graph = nx.read_gexf(gephi_build / "graph.gexf")
    networks = networks_by_record(graph)
    labels = [d["label"] for d in networks.values()]
    assert len(set(labels)) == len(labels) == 66
    assert max(len(label) for label in labels) <= 90
    assert "Indonesia · TikTok 2024-12 · 323 accounts" in labels
    assert "Belarus, Russia → Poland · Meta 2025-H2 · 25 accounts" in labels
    for record_id, data in networks.items():
        assert data["title"], record_id  # the full title stays
    indonesia = next(d for d in networks.values() if d["label"] == "Indonesia · TikTok 2024-12 · 323 accounts")
    assert indonesia["title"] == "Accounts targeting political discourse in Indonesia"


@pytest.mark.parametrize("reader", ["gexf-networkx", "graphml-networkx", "graphml-igraph"])
def test_colours_by_kind_and_sizes_by_followers(gephi_build, reader):
    if reader == "gexf-networkx":
        graph = nx.read_gexf(gephi_build / "graph.gexf")
        nodes = [
            {
                **d,
                "rgb": (d["viz"]["color"]["r"], d["viz"]["color"]["g"], d["viz"]["color"]["b"]),
                "size": d["viz"]["size"],
            }
            for _, d in graph.nodes(data=True)
        ]
    elif reader == "graphml-networkx":
        graph = nx.read_graphml(gephi_build / "graph.graphml")
        nodes = [{**d, "rgb": (d["r"], d["g"], d["b"])} for _, d in graph.nodes(data=True)]
        assert all(type(d["r"]) is int and type(d["size"]) is float for _, d in graph.nodes(data=True))
    else:
        graph = igraph.Graph.Read_GraphML(str(gephi_build / "graph.graphml"))
        nodes = [{**v.attributes(), "rgb": (v["r"], v["g"], v["b"])} for v in graph.vs]
    kinds = {d["kind"] for d in nodes}
    assert kinds >= {"network", "country", "actor", "tactic", "platform", "indicator", "operation", "report"}
    for data in nodes:
        assert data["rgb"] == KIND_COLORS[data["kind"]], data["label"]
    assert len({KIND_COLORS[k] for k in kinds}) == len(kinds)
    networks = sorted((d for d in nodes if d["kind"] == "network"), key=followers)
    sizes = [d["size"] for d in networks]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    biggest = max(networks, key=followers)
    assert biggest["size"] == max(sizes) > 30  # Rossiya Segodnya, 9.9 million followers
    countries = {d["label"]: d["size"] for d in nodes if d["kind"] == "country"}
    assert len(set(countries.values())) > 1  # by degree


def test_short_titles_and_unique_labels():
    assert short_title("Accounts targeting political discourse in Gulf Countries") == "Gulf Countries"
    assert len(short_title("x " * 100)) <= 49
    twins = [
        {"id": f"r{n}", "title": "Same", "platform": "tiktok", "period": "2024-01", "accounts": 5} for n in range(3)
    ]
    twins[2]["row"] = 4
    labels = unique_labels(twins)
    assert len(set(labels.values())) == 3
    assert labels["r2"] == "Same · TikTok 2024-01 · 5 accounts · #4"
    assert labels["r0"].endswith("· r0") and network_label(twins[0]) == "Same · TikTok 2024-01 · 5 accounts"


def test_labels_stay_unique_and_files_identical_in_any_input_order(tmp_path):
    collection = collect(sorted((REPO / "graph" / "data" / "reports" / "meta").glob("*.md")))
    shuffled = copy.deepcopy(collection)
    shuffled.months = dict(reversed(list(shuffled.months.items())))
    write_build(collection, tmp_path / "a")
    write_build(shuffled, tmp_path / "b")
    for name in ("graph.gexf", "graph.graphml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    labels = [
        d["label"]
        for _, d in nx.read_gexf(tmp_path / "a" / "graph.gexf").nodes(data=True)
        if d.get("kind") == "network"
    ]
    assert len(labels) == len(set(labels)) == len(collection.networks)


twin_records = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.sampled_from(["Same", "Other", None]),
            "accounts": st.sampled_from([5, 1, None]),
            "row": st.sampled_from([1, 2, None]),
            "period": st.sampled_from(["2024-01", "2024-02"]),
        }
    ),
    max_size=12,
)


@pytest.mark.parametrize("digest", ["blake2b", "every label alike"])
@settings(max_examples=60, deadline=None)
@given(drawn=twin_records)
def test_label_widenings_give_the_labels_unique_labels_gives(drawn, digest):
    """``label_widenings`` keeps only the widened labels; with the others' ``network_label`` they are
    ``unique_labels``, also when every digest is alike (then widened labels meet counted ones, and
    the whole computation decides)."""
    records = [{"id": f"r{n:02d}", "platform": "tiktok", **fields} for n, fields in enumerate(drawn)]
    with pytest.MonkeyPatch.context() as patch:
        if digest != "blake2b":
            patch.setattr(gephi, "label_digest", lambda label: 0)
        widened = gephi.label_widenings(records)
    labels = {r["id"]: widened.get(r["id"], network_label(r)) for r in records}
    assert labels == unique_labels(records)
    assert all(label != network_label(r) for r in records if (label := widened.get(r["id"])) is not None)
