#!/usr/bin/env bash
# Shrinks the first K failing seeds (of 1..300) of every planted bug of the zoo and prints one
# markdown row per seed: the figures of docs/scenarios.md "Shrinking the planted bugs".
# Needs the jar (mvn -B -q package -DskipTests) and python3. Usage:
#   scripts/shrink-zoo.sh [K] [OUT_DIR]        (default: 3 seeds, /tmp/dst-shrink-zoo)
# Runs one thing at a time (one sweep thread, then one shrink); about 1 to 2 minutes per bug.
set -euo pipefail
K=${1:-3}
OUT=${2:-/tmp/dst-shrink-zoo}
JAR=${JAR:-dst-examples/target/dst.jar}
JAVA=${JAVA:-java}
mkdir -p "$OUT"
BUGS=${BUGS:-"ping-pong:ack-before-fsync unique-ids:sequence-not-durable g-counter:merge-adds broadcast:no-retransmit
lease-lock:no-drift-margin lease-lock:no-fencing kafka-log:ack-before-quorum quorum-register:ack-below-w
quorum-register:single-replica-read raft-kv:duplicate-votes raft-kv:stale-read raft-kv:commit-old-term raft-kv:vote-without-fsync
txn-kv:snapshot-isolation txn-kv:lost-update txn-kv:read-uncommitted txn-kv:non-atomic-commit"}
echo "| scenario | bug | seed | fault events | tape draws | steps | runs | wall time | replay |"
echo "|---|---|---|---|---|---|---|---|---|"
for sb in $BUGS; do
  s=${sb%%:*}; b=${sb##*:}
  # the sweep exits 1 when seeds fail, which is the point here
  seeds=$("$JAVA" -jar "$JAR" sweep "$s" --bug "$b" --seeds 1..300 --threads 1 --json 2>/dev/null \
    | python3 -c 'import json,sys
d=json.loads(sys.stdin.read().strip().splitlines()[-1]); print(" ".join(d["failingSeeds"][:'"$K"']))' || true)
  if [ -z "$seeds" ]; then
    echo "| \`$s\` | \`$b\` | none in 1..300 | | | | | | |"
    continue
  fi
  for seed in $seeds; do
    f="$OUT/$s-$b-$seed"
    set +e
    "$JAVA" -jar "$JAR" shrink "$s" --seed "$seed" --bug "$b" --out "$f.repro" --max-seconds 300 --json > "$f.json" 2> "$f.err"
    "$JAVA" -jar "$JAR" replay "$f.repro" --json > "$f.replay.json" 2>> "$f.err"
    set -e
    python3 - "$f" "$s" "$b" "$seed" <<'PY'
import json, sys
f, s, b, seed = sys.argv[1:]
try:
    d = json.load(open(f + ".json")); r = json.load(open(f + ".replay.json"))
except Exception as e:
    print(f"| `{s}` | `{b}` | {seed} | error: {e} | | | | | |"); sys.exit(0)
be, af = d["before"], d["after"]
verdict = "same violation, same hash" if r["reproduced"] and r["sameTraceHash"] else r["verdict"]
print(f"| `{s}` | `{b}` | {seed} | {be['faultEvents']} → {af['faultEvents']} | {be['tapeDraws']} → {af['tapeDraws']} "
      f"| {be['steps']} → {af['steps']} | {d['attempts']} | {d['wallMillis']/1000:.1f} s | {verdict} |")
PY
  done
done
