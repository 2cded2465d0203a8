#!/usr/bin/env bash
# Runs the JMH kernels of the benchmarks module.
#   benchmarks/run-jmh.sh                       all kernels, short runs (-wi 2 -i 3 -f 1 -w 2s -r 2s)
#   benchmarks/run-jmh.sh Decode                only benchmarks matching the regexp
#   benchmarks/run-jmh.sh FlowTracker -i 5      JMH options; one given replaces the default of that name
# Builds only this module (offline) when its classes or class path are missing or older than its sources;
# the other modules must already be installed in ~/.m2 (mvn -o -q install -DskipTests at the root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
if [ ! -f "$here/target/cp.txt" ] || [ ! -f "$here/target/classes/META-INF/BenchmarkList" ] \
   || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/classes/META-INF/BenchmarkList" -type f -print -quit)" ]; then
  echo "run-jmh: building the benchmarks module ..." >&2
  mvn -o -q -pl benchmarks package -DskipTests >&2
fi
cp="$here/target/classes:$(cat "$here/target/cp.txt")"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
filter=()
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  filter=("$1")
  shift
fi
# Short defaults; an option the caller gives replaces the default of the same name.
defaults=()
for kv in "-wi 2" "-i 3" "-f 1" "-w 2s" "-r 2s"; do
  opt="${kv%% *}"
  given=0
  for a in "$@"; do [ "$a" = "$opt" ] && given=1; done
  [ $given -eq 0 ] && defaults+=($kv)
done
shared="${WIRELAKE_SHARED:-$(cd "$root/.." && pwd)/shared}"
exec "$java_bin" -Dwirelake.shared="$shared" -cp "$cp" org.openjdk.jmh.Main \
  "${defaults[@]}" -jvmArgsAppend "-Dwirelake.shared=$shared" "$@" "${filter[@]}"
