#!/usr/bin/env bash
# Capture rate of the live sniffer: starts the embedded broker (temp data folder) and `wirelake sniff --interface lo
# --bpf "udp and port P"` as a child process, sends UDP datagrams to 127.0.0.1:P at rising rates (paced, 12 s per
# step by default) and reads the sniffer's /metrics, CPU (/proc/PID/stat) and RSS (/proc/PID/status) around each
# step; stops after two lossy steps and prints a table.   benchmarks/run-sniffer-rate.sh --help   lists the options.
# Needs root or CAP_NET_RAW. Builds only this module (offline) when needed; the other modules must be installed and
# cli/target packaged (the sniffer runs the java command line ./wirelake execs, from cli/target).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
if [ ! -f "$here/target/cp.txt" ] || [ ! -f "$here/target/classes/io/wirelake/benchmarks/SnifferRate.class" ] \
   || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/classes/io/wirelake/benchmarks/SnifferRate.class" -type f -print -quit)" ]; then
  echo "run-sniffer-rate: building the benchmarks module ..." >&2
  mvn -o -q -pl benchmarks package -DskipTests >&2
fi
if [ ! -f "$root/cli/target/wirelake-cli.jar" ] || [ ! -d "$root/cli/target/lib" ]; then
  echo "run-sniffer-rate: cli/target/wirelake-cli.jar is missing: mvn -o -q install -DskipTests -pl cli -am" >&2
  exit 1
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error \
  -cp "$here/target/classes:$(cat "$here/target/cp.txt")" \
  io.wirelake.benchmarks.SnifferRate --root "$root" "$@"
