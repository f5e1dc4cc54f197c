#!/usr/bin/env python3
"""Reference results for ieum's graph algorithms, computed with networkx.

Writes tests/algo/bundled.json (the bundled graph, read from graph-data/) and
tests/algo/generated.json (a seeded random graph, included in the file), which
tests/algorithms.rs compares with ieum's algo.* procedures. Run from the repository root:

    python3 -m venv /tmp/nxvenv && /tmp/nxvenv/bin/pip install networkx scipy numpy
    /tmp/nxvenv/bin/python tests/algo/make_fixtures.py

Each case states a procedure, its configuration, and the expected result computed here
under the semantics docs/algorithms.md gives (which graph each algorithm sees: the
relationships in their direction, reversed, or undirected; parallel relationships kept or
merged). The helpers below build exactly that graph with networkx and call networkx's
algorithm on it.
"""

import csv
import glob
import json
import math
import os
import platform
import random
import sys

import networkx as nx

COMMAND = "/tmp/nxvenv/bin/python tests/algo/make_fixtures.py"
SETUP = "python3 -m venv /tmp/nxvenv && /tmp/nxvenv/bin/pip install networkx scipy numpy"


# ----- the projected graph, as each algorithm sees it -------------------------------------


class Graph:
    """Nodes (id, labels, props) in ieum's node id order and relationships (start, end,
    type, props) in relationship id order."""

    def __init__(self, nodes, rels):
        self.nodes = nodes
        self.rels = rels

    def project(self, cfg):
        labels = cfg.get("labels")
        types = cfg.get("types")
        keep = [n["id"] for n in self.nodes if not labels or any(l in n["labels"] for l in labels)]
        inside = set(keep)
        weight = cfg.get("weight")
        default = cfg.get("defaultWeight", 1.0)
        edges = []
        for r in self.rels:
            if types and r["type"] not in types:
                continue
            if r["start"] in inside and r["end"] in inside:
                w = float(r["props"].get(weight, default)) if weight else 1.0
                edges.append((r["start"], r["end"], w))
        return keep, edges


def multi(nodes, edges, direction):
    """Every relationship, following the direction (BOTH: an undirected multigraph)."""
    g = nx.MultiGraph() if direction == "BOTH" else nx.MultiDiGraph()
    g.add_nodes_from(nodes)
    for a, b, w in edges:
        if direction == "IN":
            a, b = b, a
        g.add_edge(a, b, weight=w)
    return g


def simple(nodes, edges, direction, merge):
    """One edge per pair of distinct nodes: the lightest (merge='min') or the sum of all
    between them (merge='sum'); self-loops dropped."""
    g = nx.Graph() if direction == "BOTH" else nx.DiGraph()
    g.add_nodes_from(nodes)
    for a, b, w in edges:
        if a == b:
            continue
        if direction == "IN":
            a, b = b, a
        if g.has_edge(a, b):
            old = g[a][b]["weight"]
            g[a][b]["weight"] = min(old, w) if merge == "min" else old + w
        else:
            g.add_edge(a, b, weight=w)
    return g


# ----- one reference result per procedure ----------------------------------------------------


def case(proc, cfg, kind, expected, **extra):
    return {"procedure": proc, "config": cfg, "kind": kind, "expected": expected, **extra}


def degree(G, cfg):
    nodes, edges = G.project(cfg)
    d = cfg.get("direction", "OUT")
    g = multi(nodes, edges, "BOTH" if d == "BOTH" else "OUT")
    w = "weight" if cfg.get("weight") else None
    deg = g.out_degree(weight=w) if d == "OUT" else g.in_degree(weight=w) if d == "IN" else g.degree(weight=w)
    scale = 1.0 / (len(nodes) - 1) if cfg.get("normalized") else 1.0
    return case("algo.degree", cfg, "scores", {n: float(v) * scale for n, v in deg})


def pagerank(G, cfg):
    nodes, edges = G.project(cfg)
    g = multi(nodes, edges, cfg.get("direction", "OUT"))
    pr = nx.pagerank(g, alpha=cfg.get("dampingFactor", 0.85), weight="weight", tol=1e-14, max_iter=100000)
    return case("algo.pageRank", cfg, "scores", pr)


def betweenness(G, cfg):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, cfg.get("direction", "OUT"), "min")
    w = "weight" if cfg.get("weight") else None
    bc = nx.betweenness_centrality(g, normalized=cfg.get("normalized", False), weight=w)
    return case("algo.betweenness", cfg, "scores", bc)


def closeness(G, cfg):
    nodes, edges = G.project(cfg)
    d = cfg.get("direction", "OUT")
    g = simple(nodes, edges, d, "min")
    # networkx measures distances towards each node in a directed graph; ieum from it
    if d != "BOTH":
        g = g.reverse()
    w = "weight" if cfg.get("weight") else None
    cc = nx.closeness_centrality(g, distance=w, wf_improved=cfg.get("wassermanFaust", True))
    return case("algo.closeness", cfg, "scores", cc)


def partition(sets):
    return sorted(sorted(s) for s in sets)


def wcc(G, cfg):
    nodes, edges = G.project(cfg)
    return case("algo.wcc", cfg, "partition", partition(nx.weakly_connected_components(multi(nodes, edges, "OUT"))))


def scc(G, cfg):
    nodes, edges = G.project(cfg)
    return case("algo.scc", cfg, "partition", partition(nx.strongly_connected_components(multi(nodes, edges, "OUT"))))


def louvain(G, cfg, seeds=range(10)):
    """The best modularity networkx's (randomised) Louvain reaches over a few seeds, with
    the weighted undirected graph it ran on, so that the test can evaluate ieum's
    partition with the same formula."""
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, "BOTH", "sum")
    res = cfg.get("resolution", 1.0)
    best = None
    for seed in seeds:
        parts = nx.community.louvain_communities(g, weight="weight", resolution=res, seed=seed)
        q = nx.community.modularity(g, parts, weight="weight", resolution=res)
        if best is None or q > best[0]:
            best = (q, parts)
    q, parts = best
    graph = [[a, b, d["weight"]] for a, b, d in g.edges(data=True)]
    return case(
        "algo.louvain",
        cfg,
        "modularity",
        {"modularity": q, "partition": partition(parts), "nodes": list(g.nodes), "edges": graph, "resolution": res},
    )


def label_propagation(G, cfg):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, "BOTH", "sum")
    return case("algo.labelPropagation", cfg, "partition", partition(nx.community.label_propagation_communities(g)))


def triangles(G, cfg):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, "BOTH", "sum")
    return case("algo.triangleCount", cfg, "scores", {n: float(t) for n, t in nx.triangles(g).items()})


def clustering(G, cfg):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, "BOTH", "sum")
    return case("algo.clusteringCoefficient", cfg, "scores", {n: float(c) for n, c in nx.clustering(g).items()})


def dijkstra(G, source, cfg, targets=()):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, cfg.get("direction", "OUT"), "min")
    dist = nx.single_source_dijkstra_path_length(g, source, weight="weight")
    pairs = []
    for t in targets:
        pairs.append([t, dist.get(t)])
    return case("algo.dijkstra", cfg, "distances", {k: float(v) for k, v in dist.items()}, source=source, pairs=pairs)


def astar(G, pairs, cfg, coords):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, cfg.get("direction", "OUT"), "min")

    def h(a, b):
        return haversine_km(coords[a], coords[b])

    out = []
    for s, t in pairs:
        try:
            out.append([s, t, nx.astar_path_length(g, s, t, heuristic=h, weight="weight")])
        except nx.NetworkXNoPath:
            out.append([s, t, None])
    return case("algo.aStar", cfg, "pairs", out)


def k_hop(G, source, k, cfg):
    nodes, edges = G.project(cfg)
    g = simple(nodes, edges, cfg.get("direction", "OUT"), "min")
    hops = nx.single_source_shortest_path_length(g, source, cutoff=k)
    hops.pop(source)
    return case("algo.kHop", cfg, "scores", {n: float(h) for n, h in hops.items()}, source=source, k=k)


def node_similarity(G, cfg):
    """Jaccard index of neighbour sets for every ordered pair sharing a neighbour
    (networkx's jaccard_coefficient where the graph is undirected)."""
    nodes, edges = G.project(cfg)
    d = cfg.get("direction", "OUT")
    g = simple(nodes, edges, d, "min")
    if d == "BOTH":
        pairs = {(u, v) for w in g for u in g[w] for v in g[w] if u != v}
        sims = {(u, v): s for u, v, s in nx.jaccard_coefficient(g, sorted(pairs))}
    else:
        nb = {u: set(g.successors(u)) for u in g}
        back = {u: set(g.predecessors(u)) for u in g}
        sims = {}
        for u in g:
            for w in nb[u]:
                for v in back[w]:
                    if v != u:
                        sims[(u, v)] = len(nb[u] & nb[v]) / len(nb[u] | nb[v])
    rows = sorted([u, v, s] for (u, v), s in sims.items())
    return case("algo.nodeSimilarity", cfg, "similarity", rows)


def haversine_km(a, b):
    r = 6371.0088
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


# ----- the two graphs ----------------------------------------------------------------------


def typed(value, header):
    """A CSV cell of the admin-import layout as a Python value (numbers only matter here)."""
    if value == "":
        return None
    kind = header.split(":", 1)[1] if ":" in header else "string"
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def bundled(root):
    """The bundled graph in the order ieum imports it: node files by name, rows in order
    (so node ids count up in this order), then relationship files likewise."""
    nodes, rels = [], []
    for path in sorted(glob.glob(os.path.join(root, "graph-data/nodes/*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                labels = row[":LABEL"].split(";")
                nodes.append({"id": row["id:ID"], "labels": labels, "props": {}})
    for path in sorted(glob.glob(os.path.join(root, "graph-data/relationships/*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            for row in reader:
                props = {h.split(":")[0]: typed(v, h) for h, v in row.items() if not h.startswith(":") and typed(v, h) is not None}
                rels.append({"start": row[":START_ID"], "end": row[":END_ID"], "type": row[":TYPE"], "props": props})
    return Graph(nodes, rels)


def generated(seed=20240601):
    """Eight planted groups of 50 nodes (one of them cut off from the rest), five isolated
    nodes; relationships LINK (weight `w`, an integer 1..9 on 95% of them, and `km`, at
    least the great-circle distance between the ends' coordinates) and OTHER; some
    reciprocal and some parallel relationships; no self-loops."""
    rng = random.Random(seed)
    nodes = []
    for i in range(405):
        label = "A" if i < 300 else "B"
        nodes.append({"id": f"n{i:03}", "labels": ["N", label], "lat": round(rng.uniform(33.0, 38.5), 6), "lon": round(rng.uniform(126.0, 129.5), 6)})
    coords = {n["id"]: (n["lat"], n["lon"]) for n in nodes}
    group = lambda i: i // 50 if i < 400 else None
    rels = []

    def add(a, b):
        ida, idb = f"n{a:03}", f"n{b:03}"
        typ = "OTHER" if rng.random() < 0.15 else "LINK"
        props = {"km": round(haversine_km(coords[ida], coords[idb]) * rng.uniform(1.0, 1.5) + 0.5, 6)}
        if rng.random() < 0.95:
            props["w"] = rng.randint(1, 9)
        rels.append({"start": ida, "end": idb, "type": typ, "props": props})

    for a in range(400):
        for b in range(400):
            if a == b:
                continue
            same = group(a) == group(b)
            if same and rng.random() < 0.07:
                add(a, b)
            elif not same and group(a) != 7 and group(b) != 7 and rng.random() < 0.0035:
                add(a, b)
    # reciprocal and parallel relationships
    for r in list(rels[::17]):
        a, b = int(r["start"][1:]), int(r["end"][1:])
        add(b, a)
    for r in list(rels[::23]):
        a, b = int(r["start"][1:]), int(r["end"][1:])
        add(a, b)
    return Graph([{"id": n["id"], "labels": n["labels"], "props": {}} for n in nodes], rels), nodes, coords


# ----- the fixtures -----------------------------------------------------------------------------


def header(description):
    return {
        "command": COMMAND,
        "setup": SETUP,
        "networkx": nx.__version__,
        "python": platform.python_version(),
        "description": description,
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_dir = os.path.join(root, "tests/algo")

    G = bundled(root)
    all_types = sorted({r["type"] for r in G.rels})
    facts = [t for t in all_types if t != "MENTIONS"]
    orgs = ["Company", "Hospital", "University", "ResearchInstitute", "GovernmentAgency", "Organization", "Cluster"]
    cases = [
        degree(G, {"direction": "BOTH"}),
        degree(G, {"types": facts, "direction": "IN", "normalized": True}),
        pagerank(G, {}),
        pagerank(G, {"types": facts, "direction": "BOTH"}),
        pagerank(G, {"labels": orgs + ["Place"], "direction": "IN", "dampingFactor": 0.7}),
        betweenness(G, {"types": facts, "direction": "BOTH"}),
        betweenness(G, {"types": facts, "normalized": True}),
        closeness(G, {"types": facts, "direction": "BOTH"}),
        closeness(G, {"types": facts, "wassermanFaust": False}),
        closeness(G, {"types": facts, "direction": "IN"}),
        wcc(G, {"types": facts}),
        wcc(G, {"labels": orgs}),
        scc(G, {}),
        scc(G, {"types": facts}),
        louvain(G, {"types": facts}),
        louvain(G, {}),
        label_propagation(G, {"types": facts}),
        label_propagation(G, {"labels": orgs + ["Place", "TechnologyArea"]}),
        triangles(G, {"types": facts}),
        triangles(G, {}),
        clustering(G, {"types": facts}),
        dijkstra(G, "celltrion", {"direction": "BOTH", "types": facts}, targets=["moderna", "korea-university-medical-center"]),
        dijkstra(G, "korea-university-medical-center", {}, targets=["seoul"]),
        k_hop(G, "korea-university-medical-center", 2, {"direction": "BOTH", "types": facts}),
        k_hop(G, "south-korea", 3, {"direction": "IN"}),
        node_similarity(G, {"types": ["PARTNERS_WITH", "PARTICIPATES_IN", "LOCATED_IN", "OPERATES"], "direction": "BOTH", "topK": 1000}),
        node_similarity(G, {"types": ["FOCUSES_ON", "TARGETS", "USES", "DEVELOPS"], "topK": 1000}),
    ]
    fixture = header("the bundled graph (graph-data/), nodes listed in ieum's node id order")
    fixture["node_order"] = [n["id"] for n in G.nodes]
    fixture["cases"] = cases
    write(os.path.join(out_dir, "bundled.json"), fixture)

    G, nodes, coords = generated()
    w = {"weight": "w"}
    km = {"weight": "km"}
    pairs = [("n000", "n049"), ("n003", "n251"), ("n120", "n399"), ("n399", "n120"), ("n010", "n360"), ("n300", "n301")]
    cases = [
        degree(G, {}),
        degree(G, {**w, "direction": "BOTH", "normalized": True}),
        degree(G, {**w, "direction": "IN", "types": ["LINK"]}),
        pagerank(G, {}),
        pagerank(G, {**w}),
        pagerank(G, {**w, "direction": "BOTH", "types": ["LINK"]}),
        pagerank(G, {"labels": ["B"], "direction": "IN", "dampingFactor": 0.5}),
        betweenness(G, {}),
        betweenness(G, {**w, "direction": "BOTH"}),
        betweenness(G, {**w, "normalized": True, "types": ["LINK"]}),
        closeness(G, {}),
        closeness(G, {**w, "direction": "BOTH"}),
        closeness(G, {**w, "wassermanFaust": False, "direction": "IN"}),
        wcc(G, {}),
        wcc(G, {"types": ["OTHER"]}),
        scc(G, {}),
        scc(G, {"types": ["LINK"], "labels": ["A"]}),
        louvain(G, {}),
        louvain(G, {**w}),
        louvain(G, {**w, "resolution": 0.5}),
        label_propagation(G, {}),
        label_propagation(G, {"types": ["LINK"]}),
        triangles(G, {}),
        clustering(G, {}),
        clustering(G, {"labels": ["A"], "types": ["LINK"]}),
        dijkstra(G, "n000", {**w}, targets=["n049", "n399", "n300"]),
        dijkstra(G, "n120", {**w, "direction": "BOTH"}, targets=["n300"]),
        dijkstra(G, "n010", {"direction": "IN"}),
        astar(G, pairs, {**km, "latitude": "lat", "longitude": "lon"}, coords),
        astar(G, pairs, {**km, "latitude": "lat", "longitude": "lon", "direction": "BOTH"}, coords),
        k_hop(G, "n000", 2, {}),
        k_hop(G, "n250", 3, {"direction": "BOTH", "types": ["LINK"]}),
        node_similarity(G, {"labels": ["B"], "topK": 1000}),
        node_similarity(G, {"direction": "BOTH", "types": ["OTHER"], "topK": 1000}),
    ]
    fixture = header("a seeded random graph: eight planted groups of 50 nodes, five isolated nodes; see generated() in the script")
    fixture["graph"] = {"nodes": nodes, "relationships": G.rels}
    fixture["node_order"] = [n["id"] for n in nodes]
    fixture["cases"] = cases
    write(os.path.join(out_dir, "generated.json"), fixture)


def write(path, fixture):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {len(fixture['cases'])} cases, {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
