#!/usr/bin/env bash
# End-to-end benchmark: builds /tmp/wirelake-bench/big.pcap (>= 500,000 packets), times `wirelake ingest`
# (fresh data dir, then a replay on the same dir) and tshark over it, 3 runs each, and appends the medians
# to benchmarks/RESULTS.md.   benchmarks/run-e2e.sh --help   lists the options.
# Builds only this module (offline) when needed; the other modules must be installed and cli/target packaged.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
if [ ! -f "$here/target/cp.txt" ] || [ ! -f "$here/target/classes/io/wirelake/benchmarks/EndToEnd.class" ] \
   || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/classes/io/wirelake/benchmarks/EndToEnd.class" -type f -print -quit)" ]; then
  echo "run-e2e: building the benchmarks module ..." >&2
  mvn -o -q -pl benchmarks package -DskipTests >&2
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
shared="${WIRELAKE_SHARED:-$(cd "$root/.." && pwd)/shared}"
exec "$java_bin" -Xmx1g -Dwirelake.shared="$shared" -cp "$here/target/classes:$(cat "$here/target/cp.txt")" \
  io.wirelake.benchmarks.EndToEnd --root "$root" "$@"
