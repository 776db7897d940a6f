#!/bin/bash
# Runs the `run:` blocks of docs/examples/nightly.yml as GitHub would (bash -e -o pipefail),
# with artifacts simulated by copying files; needs jq and yq, and the jar built.
# Usage: docs/examples/nightly-local.sh SEEDS SCENARIO BUG FAULTS, e.g. 1..24 lease-lock no-fencing pause
set -u
WT=$(cd "$(dirname "$0")/../.." && pwd); export SEEDS=$1 SCENARIO=$2 BUG=$3 FAULTS=$4
Y=$WT/docs/examples/nightly.yml
export SHARDS=$(yq -r .env.SHARDS $Y) SHRINK_MAX=$(yq -r .env.SHRINK_MAX $Y) DST="$(yq -r .env.DST $Y)"
step() { yq -r ".jobs.$1.steps[] | select(.name == \"$2\") | .run" $Y; }
W=$(mktemp -d); echo "working in $W"
cd $W
for k in $(seq 1 $SHARDS); do
  mkdir -p runner-$k; (cd runner-$k; mkdir -p dst-examples/target; ln -sf $WT/dst-examples/target/dst.jar dst-examples/target/dst.jar
   SHARD=$k bash -e -o pipefail -c "$(step sweep 'sweep shard ${{ matrix.shard }}')" > sweep.out 2>&1; echo "sweep shard $k: step exit $?")
done
mkdir -p merge/shards merge/dst-examples/target; ln -sf $WT/dst-examples/target/dst.jar merge/dst-examples/target/dst.jar
cp runner-*/shard-*.jsonl merge/shards/   # upload-artifact + download-artifact merge-multiple
cd merge; export GITHUB_OUTPUT=$PWD/gh_output; : > $GITHUB_OUTPUT
bash -e -o pipefail -c "$(step merge 'merge the shards')"; echo "merge: step exit $?"; cat $GITHUB_OUTPUT
RC=$(sed -n 's/^rc=//p' $GITHUB_OUTPUT)
if [ "$RC" = 1 ]; then bash -e -o pipefail -c "$(step merge 'shrink the first failing seeds')"; echo "shrink: step exit $?"; fi
if [ "$RC" != 0 ]; then bash -e -o pipefail -c "$(step merge 'fail on failing seeds')"; echo "fail: step exit $?"; fi
ls -la repro 2>/dev/null
