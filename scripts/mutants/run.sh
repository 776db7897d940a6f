#!/usr/bin/env bash
# Mutation testing of the bundled protocols: for each mutant (a one-line patch of a protocol's
# correct code, scripts/mutants/*.patch), compile the one patched source file against the built
# dst.jar, put its classes ahead of the jar on the class path (they shadow the jar's), sweep the
# mutant's scenario with the default settings (swarm faults, no --bug), and say whether dst found
# it. The working tree is never modified: each patch is applied to a copy of its file in a
# temporary directory. docs/scenarios.md "Bug-finding power: mutants" has the figures.
#
# Usage: scripts/mutants/run.sh [--seeds N|A..B] [--out FILE.tsv] [--threads T] [--compare]
#                               [--keep DIR] [--check] [NAME ...]
#   NAME          a mutant (file name without .patch, in scripts/mutants or scripts/mutants/equivalent);
#                 default: every scripts/mutants/*.patch (not the equivalent ones)
#   --seeds       seeds to sweep per mutant (default 1000, i.e. 1..1000)
#   --out         also write the results as TSV
#   --threads     sweep threads (default 2)
#   --compare     also sweep each scenario unpatched over the same seeds (cached in --keep) and
#                 count the seeds whose trace hash the mutant changed: 0 means the mutant never
#                 changed a run, whatever the checks said
#   --keep        where per-seed results and the baseline cache go (default: a temporary directory)
#   --check       only check that every mutant applies and compiles; sweep nothing
# Needs the jar (mvn -B -q -o -pl dst-examples -am package -DskipTests), javac 17+, patch and python3.
# Prints one line per mutant and the fraction found; exits 2 when a patch does not apply or compile.
# A sweep runs with -ea, --shrink 0 and --no-recheck: neither changes which seeds fail, both save time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR="$ROOT/scripts/mutants"
JAR=${JAR:-$ROOT/dst-examples/target/dst.jar}
JAVA=${JAVA:-java}
JAVAC=${JAVAC:-javac}
MAIN=dev.dst.examples.cli.Main
SEEDS=1000
OUT=
THREADS=2
COMPARE=0
CHECK=0
KEEP=
NAMES=()

die() { echo "run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) SEEDS=${2:?--seeds needs N or A..B}; shift 2 ;;
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --threads) THREADS=${2:?--threads needs a number}; shift 2 ;;
    --compare) COMPARE=1; shift ;;
    --keep) KEEP=${2:?--keep needs a directory}; shift 2 ;;
    --check) CHECK=1; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$1' (known: --seeds --out --threads --compare --keep --check)" ;;
    *) NAMES+=("${1%.patch}"); shift ;;
  esac
done

case "$SEEDS" in
  *..*) RANGE=$SEEDS ;;
  *[!0-9]*|'') die "--seeds '$SEEDS': expected N or A..B" ;;
  *) RANGE=1..$SEEDS ;;
esac
[ -f "$JAR" ] || die "no jar at $JAR: build it with mvn -B -q -o -pl dst-examples -am package -DskipTests"
for tool in "$JAVA" "$JAVAC" patch python3; do
  command -v "$tool" >/dev/null || die "needs '$tool' on the PATH"
done
if [ -n "$(find "$ROOT/dst-examples/src/main" "$ROOT/dst-core/src/main" "$ROOT/dst-net/src/main" -newer "$JAR" -name '*.java' -print -quit)" ]; then
  echo "run.sh: warning: sources are newer than $JAR; rebuild it, or the mutants compile against other code" >&2
fi

if [ ${#NAMES[@]} -eq 0 ]; then
  for p in "$DIR"/*.patch; do NAMES+=("$(basename "$p" .patch)"); done
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dst-mutants.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
KEEP=${KEEP:-$WORK/keep}
mkdir -p "$KEEP"

patch_of() {
  if [ -f "$DIR/$1.patch" ]; then echo "$DIR/$1.patch"
  elif [ -f "$DIR/equivalent/$1.patch" ]; then echo "$DIR/equivalent/$1.patch"
  else die "no mutant '$1' (no $DIR/$1.patch nor $DIR/equivalent/$1.patch)"; fi
}
scenario_of() { sed -n 's/^Scenario: *//p' "$1" | head -1; }
file_of() { sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"; }

# Prepare every mutant before running any: a patch that does not apply, or a mutant that does not
# compile, stops the run here with the reason.
for name in "${NAMES[@]}"; do
  p=$(patch_of "$name")
  scenario=$(scenario_of "$p")
  [ -n "$scenario" ] || die "$name: the patch has no 'Scenario:' line before its diff"
  files=$(file_of "$p")
  [ "$(printf '%s\n' "$files" | grep -c .)" -eq 1 ] || die "$name: the patch must change exactly one file, it names: $files"
  [ -f "$ROOT/$files" ] || die "$name: $files does not exist in $ROOT"
  m="$WORK/$name"
  mkdir -p "$m/src/$(dirname "$files")" "$m/classes"
  cp "$ROOT/$files" "$m/src/$files"
  if ! patch -s -p1 -F0 --no-backup-if-mismatch -r "$m/rejects" -d "$m/src" < "$p" > "$m/patch.log" 2>&1; then
    cat "$m/patch.log" >&2
    die "$name: the patch no longer applies to $files (fix or regenerate scripts/mutants/$name.patch)"
  fi
  if cmp -s "$ROOT/$files" "$m/src/$files"; then
    die "$name: the patch changes nothing in $files"
  fi
  if ! "$JAVAC" --release 17 -nowarn -proc:none -implicit:none -encoding UTF-8 -cp "$JAR" -d "$m/classes" "$m/src/$files" > "$m/javac.log" 2>&1; then
    cat "$m/javac.log" >&2
    die "$name: the mutant of $files does not compile against $JAR"
  fi
  cls=${files#*/src/main/java/}; cls=${cls%.java}.class
  [ -f "$m/classes/$cls" ] || die "$name: javac wrote no $cls"
  python3 -c 'import sys, zipfile; sys.exit(0 if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).namelist() else 1)' "$JAR" "$cls" \
      || die "$name: $cls is not in $JAR, so the mutant would shadow nothing"
  echo "$scenario" > "$m/scenario"
done
if [ "$CHECK" -eq 1 ]; then
  echo "${#NAMES[@]} mutants apply and compile"
  exit 0
fi

# sweep NAME SCENARIO CLASSPATH OUTFILE: runs the sweep, prints its seconds
sweep() {
  local start end rc
  start=$(date +%s.%N)
  set +e
  "$JAVA" -ea -cp "$3" "$MAIN" sweep "$2" --seeds "$RANGE" --threads "$THREADS" --shrink 0 --no-recheck \
      --artifacts "$WORK/artifacts" --out "$4" --json > "$4.summary" 2> "$4.err"
  rc=$?
  set -e
  end=$(date +%s.%N)
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    cat "$4.err" >&2
    die "$1: the sweep of $2 ended with exit code $rc"
  fi
  python3 -c "print(f'{$end - $start:.1f}')"
}

# summarize RESULTS.jsonl [BASELINE.jsonl]: found, first failing seed, failing seeds, first violation, changed seeds
summarize() {
  python3 - "$@" <<'PY'
import json, sys
def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith('{'):
                d = json.loads(line)
                if 'seed' in d and 'result' in d:
                    out[int(d['seed'], 16)] = d
    return out
runs = load(sys.argv[1])
fails = sorted(s for s, d in runs.items() if d['result'] != 'pass')
first = fails[0] if fails else None
v = runs[first].get('violation') if first is not None else None
what = (v.get('name') or v.get('kind') or '') if v else ''
changed = '-'
if len(sys.argv) > 2:
    base = load(sys.argv[2])
    changed = str(sum(1 for s, d in runs.items() if s in base and base[s].get('traceHash') != d.get('traceHash')))
print('\t'.join(['yes' if fails else 'no', str(first) if first is not None else '-', str(len(fails)), (what.replace('\t', ' ') or '-'), changed]))
PY
}

jarsum=$(cksum < "$JAR" | tr ' ' '-')
baseline() { # baseline SCENARIO: the unpatched sweep's result file (run once per jar, scenario and seeds)
  local f="$KEEP/baseline-$1-$RANGE-$jarsum.jsonl"
  if [ ! -s "$f" ]; then
    rm -f "$f"
    local secs
    secs=$(sweep "baseline" "$1" "$JAR" "$f")
    local fails
    fails=$(summarize "$f" | cut -f3)
    echo "baseline $1 $RANGE: $fails failing seeds, $secs s" >&2
  fi
  echo "$f"
}

header=$'mutant\tscenario\tseeds\tfound\tfirst_failing_seed\tfailing_seeds\tseconds\tfirst_violation\tseeds_changed'
[ -n "$OUT" ] && echo "$header" > "$OUT"
printf '%-44s %-16s %-5s %-6s %-8s %8s  %s\n' mutant scenario found first failing seconds "first violation"
found=0
total=0
for name in "${NAMES[@]}"; do
  m="$WORK/$name"
  scenario=$(cat "$m/scenario")
  base=
  [ "$COMPARE" -eq 1 ] && base=$(baseline "$scenario")
  res="$KEEP/$name-$RANGE.jsonl"
  rm -f "$res"
  secs=$(sweep "$name" "$scenario" "$m/classes:$JAR" "$res")
  IFS=$'\t' read -r yes first count what changed < <(summarize "$res" $base)
  total=$((total + 1))
  [ "$yes" = yes ] && found=$((found + 1))
  printf '%-44s %-16s %-5s %-6s %-8s %8s  %s%s\n' "$name" "$scenario" "$yes" "$first" "$count" "$secs" "$what" \
      "$([ "$changed" != - ] && echo " (runs changed: $changed)")"
  [ -n "$OUT" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$scenario" "$RANGE" "$yes" "$first" "$count" "$secs" "$what" "$changed" >> "$OUT"
done
python3 -c "print(f'found {$found} of {$total} mutants in seeds $RANGE ({$found / max(1, $total):.0%})')"
