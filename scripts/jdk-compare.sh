#!/usr/bin/env bash
# Per-seed trace hashes of sweeps of the bundled scenarios on JDK 17 (jar A) and JDK 25 (jar B), compared (docs/ci.md).
# Usage: scripts/jdk-compare.sh JAR_A JAR_B [OUT_DIR]; J17 and J25 name the two java binaries.
set -u
A=$1; B=$2; OUT=${3:-/tmp/jdkcmp}; mkdir -p $OUT
J17=${J17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
run() { # name jvm jar args...
  local n=$1 jvm=$2 jar=$3; shift 3
  $jvm -ea -jar $jar sweep "$@" --out $OUT/$n.jsonl --shrink 0 --no-recheck --threads 1 --json > $OUT/$n.summary 2>&1
}
for spec in "ping-pong" "unique-ids" "g-counter" "broadcast --seeds 1..40" "lease-lock" "kafka-log" "quorum-register" "raft-kv" "txn-kv" "microraft --seeds 1..40" \
            "raft-kv --strategy pct" "ping-pong --faults aimed" "raft-kv --faults late" "raft-kv --bug stale-read"; do
  set -- $spec; s=$1; shift
  seeds="--seeds 1..150"; [[ "$*" == *--seeds* ]] && seeds=""
  key=$(echo "$spec" | tr ' ' '_' | tr -d '-')
  run $key-17 $J17 $A $s $seeds "$@"
  run $key-25 $J25 $B $s $seeds "$@"
  python3 - $OUT/$key-17.jsonl $OUT/$key-25.jsonl "$spec" <<'PY'
import json,sys
def load(p):
    m={}
    for l in open(p):
        try: d=json.loads(l)
        except: continue
        if 'seed' in d and 'traceHash' in d: m[d['seed']]=(d['traceHash'], d.get('result'))
    return m
a,b=load(sys.argv[1]),load(sys.argv[2])
diff=[s for s in a if a[s]!=b.get(s)]
fails=sum(1 for v in a.values() if v[1]!='pass')
print(f"{sys.argv[3]:32s} seeds {len(a)}/{len(b)}  differing {len(diff)}  failing {fails}  {diff[:3]}")
PY
done
