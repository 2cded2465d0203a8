#!/usr/bin/env bash
# Throughput of the pipeline job on a real multi-process Flink session cluster with 1 TaskManager (parallelism 1)
# and with 2 (parallelism 2), same capture (EndToEnd's big.pcap, built if missing) and machine; prints a table.
#   benchmarks/run-cluster-scaling.sh --help   lists the options.
# Needs the job jar (mvn -o -q install -DskipTests -pl flink-jobs) and cluster-tests installed with its class path
# files (mvn -o -q install -DskipTests -pl cluster-tests); builds only this module (offline) when needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
if [ ! -f "$here/target/cp.txt" ] || [ ! -f "$here/target/classes/io/wirelake/benchmarks/ClusterScaling.class" ] \
   || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/classes/io/wirelake/benchmarks/ClusterScaling.class" -type f -print -quit)" ]; then
  echo "run-cluster-scaling: building the benchmarks module ..." >&2
  mvn -o -q -pl benchmarks package -DskipTests >&2
fi
if [ ! -f "$root/cluster-tests/target/flink-cluster.classpath" ]; then
  echo "run-cluster-scaling: writing cluster-tests' class path files ..." >&2
  mvn -o -q -pl cluster-tests generate-resources >&2
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
shared="${WIRELAKE_SHARED:-$(cd "$root/.." && pwd)/shared}"
exec "$java_bin" -Xmx1g -Dwirelake.shared="$shared" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/target/classes:$(cat "$here/target/cp.txt")" \
  io.wirelake.benchmarks.ClusterScaling --root "$root" "$@"
