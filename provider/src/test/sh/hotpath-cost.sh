#!/usr/bin/env bash
# What the hot operations cost inside Redis (HotPathCost): once on a redis-server under
# valgrind --tool=callgrind (instructions per call: repeatable on a busy machine), once on a plain
# one (INFO commandstats usec_per_call). Both servers are this script's own, on free ports, and
# stopped at the end. Needs valgrind and redis-server on the PATH, and the provider's test classes:
#   ./mvnw -B -q -pl provider test-compile
#   ./mvnw -B -q -pl provider dependency:build-classpath -Dmdep.includeScope=test \
#       -Dmdep.outputFile=/tmp/funccache-test-cp.txt
#   provider/src/test/sh/hotpath-cost.sh [calls per scenario] [callgrind|plain|both]
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
calls=${1:-2000}
which=${2:-both}
cpfile=${FUNCCACHE_TEST_CP:-/tmp/funccache-test-cp.txt}
cp="$here/target/test-classes:$here/target/classes:$(cat "$cpfile")"
work=$(mktemp -d)
# HOTPATH_KEEP=dir: keep each scenario's callgrind dump there (scenario-N.callgrind, in table order)
keep=${HOTPATH_KEEP:-}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ping() { for _ in $(seq 1 600); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
server_args() { echo --port "$1" --save "" --appendonly no --hz 1 --dir "$work" --daemonize no; }

if [[ $which != plain ]]; then
  port=$(free_port)
  (cd "$work" && exec valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out.%p" \
      redis-server $(server_args "$port")) >"$work/valgrind.log" 2>&1 &
  vpid=$!
  pids+=("$vpid")
  wait_ping "$port"
  echo "## callgrind (redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $calls calls per scenario)"
  java ${HOTPATH_JAVA_OPTS:-} -Dhotpath.callgrind.dir="$work" -Dhotpath.keep=$([[ -n $keep ]] && echo true || echo false) -cp "$cp" io.funccache.store.HotPathCost "$port" "$vpid" "$calls"
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  if [[ -n $keep ]]; then mkdir -p "$keep" && mv "$work"/scenario-*.callgrind "$keep"/; fi
fi
if [[ $which != callgrind ]]; then
  port=$(free_port)
  redis-server $(server_args "$port") >"$work/plain.log" 2>&1 &
  pids+=("$!")
  wait_ping "$port"
  echo "## plain redis-server ($((calls * 10)) calls per scenario)"
  java ${HOTPATH_JAVA_OPTS:-} -cp "$cp" io.funccache.store.HotPathCost "$port" 0 $((calls * 10))
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
fi
