#!/usr/bin/env bash
# Times compare_windows and get_api_stats over 30 days of latency aggregates (500 services).
#   benchmarks/run-aggregates.sh                     load /tmp/wirelake-bench/aggregates once, then time the queries
#   benchmarks/run-aggregates.sh --reload            delete the data dir and load it again (times the load)
#   benchmarks/run-aggregates.sh --data DIR --load-opts "--row-group-bytes 1048576"   another layout, own dir
#   benchmarks/run-aggregates.sh --query-opts "--warm 20 --only 'api_stats.*' --no-fresh-jvm --breakdown"
#   benchmarks/run-aggregates.sh --max-load 1.0 --max-wait-min 20   wait for a quiet machine first (default: 1.0, 10)
#   benchmarks/run-aggregates.sh --results           append the machine, the load output and the table to RESULTS.md
# Builds only this module (offline) when its classes are missing or older than its sources; the other modules
# must already be installed in ~/.m2. Options after "--" go to both JVMs. BENCH_CP_PREFIX=DIR puts DIR first on
# the class path (e.g. classes of an older AggregateQuery, to time it against the same data).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

data=/tmp/wirelake-bench/aggregates
reload=0
results=0
max_load=1.0
max_wait_min=10
load_opts=""
query_opts=""
jvm_opts=(-Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --reload) reload=1; shift ;;
    --results) results=1; shift ;;
    --max-load) max_load="$2"; shift 2 ;;
    --max-wait-min) max_wait_min="$2"; shift 2 ;;
    --load-opts) load_opts="$2"; shift 2 ;;
    --query-opts) query_opts="$2"; shift 2 ;;
    --) shift; jvm_opts+=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$here/target/cp.txt" ] || [ ! -f "$here/target/classes/io/wirelake/benchmarks/AggregateQueries.class" ] \
   || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/classes/io/wirelake/benchmarks/AggregateQueries.class" -type f -print -quit)" ]; then
  echo "run-aggregates: building the benchmarks module ..." >&2
  mvn -o -q -pl benchmarks package -DskipTests >&2
fi
# The wirelake jars in ~/.m2 can be reinstalled by a build while a run is going (a JVM then fails to load
# classes from the rewritten jar): run from a private copy of them and of this module's classes.
out_dir=/tmp/wirelake-bench
snap="$out_dir/cp-snapshot"
rm -rf "$snap"
mkdir -p "$snap"
cp -r "$here/target/classes" "$snap/classes"
cp="$snap/classes"
IFS=":" read -r -a entries < "$here/target/cp.txt" || true  # no trailing newline
for j in "${entries[@]}"; do
  case "$j" in
    */io/wirelake/*|"$root"/*) cp "$j" "$snap/"; j="$snap/$(basename "$j")" ;;
  esac
  cp="$cp:$j"
done
cp="${BENCH_CP_PREFIX:+$BENCH_CP_PREFIX:}$cp"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

load1() { cut -d' ' -f1 /proc/loadavg; }
wait_for_quiet() {
  local deadline=$(( $(date +%s) + max_wait_min * 60 ))
  while awk -v l="$(load1)" -v m="$max_load" 'BEGIN { exit !(l >= m) }'; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "run-aggregates: load $(load1) still >= $max_load after ${max_wait_min} min; measuring anyway" >&2
      return
    fi
    sleep 10
  done
}

load_log="$out_dir/aggregate-load.log"
if [ $reload -eq 1 ]; then
  rm -rf "$data"
fi
if [ ! -d "$data/catalog" ]; then
  wait_for_quiet
  echo "run-aggregates: loading $data (load average at start: $(cat /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  "$java_bin" "${jvm_opts[@]}" -cp "$cp" io.wirelake.benchmarks.AggregateLoad --data "$data" $load_opts \
    2>&1 | grep -v 'NativeCodeLoader' | tee "$load_log"
  echo "load average at end: $(cat /proc/loadavg)" | tee -a "$load_log"
fi

wait_for_quiet
start_load="$(cat /proc/loadavg)"
echo "run-aggregates: querying $data (load average at start: $start_load)" >&2
table="$out_dir/aggregate-queries.md"
# shellcheck disable=SC2086
eval "\"$java_bin\" ${jvm_opts[*]} -cp \"$cp\" io.wirelake.benchmarks.AggregateQueries --data \"$data\" $query_opts" \
  > "$table"
end_load="$(cat /proc/loadavg)"
cat "$table"
echo "load average: start $start_load, end $end_load"

if [ $results -eq 1 ]; then
  {
    echo
    echo "## $(date -u +%Y-%m-%d) aggregate queries (\`run-aggregates.sh\`, appended by the script)"
    echo
    echo "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
    echo "- java: $("$java_bin" -version 2>&1 | head -1)"
    echo "- data: \`$data\`; load average at the start of the queries: $start_load; at the end: $end_load"
    if [ -f "$load_log" ]; then
      echo "- load output:"
      echo
      sed 's/^/    /' "$load_log"
    fi
    echo
    cat "$table"
  } >> "$here/RESULTS.md"
  echo "run-aggregates: appended to $here/RESULTS.md" >&2
fi
