#!/usr/bin/env bash
# Checks docs/tutorial.md the way a new user would follow it, in a fresh temporary directory.
#
# The page is read top to bottom:
#   <!-- file: tutorial-project/PATH -->   the next code block is written to PATH (as the reader creates it)
#   <!-- run: DIR exit=N expect="..." ... --> the next code block is run in DIR (tutorial-project or dst) with
#                                              bash -e; its exit code must be N and its output (colours removed)
#                                              must contain every expect="..." string
#   <!-- run: setup -->                       the clone-and-install block: here, `mvn -B -q install -DskipTests`
#                                              on the dst checkout this script lives in
# Files and commands run in the order the page gives them, so a later file (the regression test) only
# appears when the reader would create it.
#
# Environment:
#   DST_SKIP_INSTALL=1   skip the install (dst of this checkout is already in ~/.m2)
#   DST_TUTORIAL_KEEP=1  keep the temporary directory (each command's output is in logs/)
#
# .ci/run runs it after the tests; it takes a few minutes. Exit 0 when every step did what the page says.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/tutorial.md"
work=$(mktemp -d "${TMPDIR:-/tmp}/dst-tutorial.XXXXXX")
if [[ "${DST_TUTORIAL_KEEP:-}" != 1 ]]; then
    trap 'rm -rf "$work"' EXIT
fi
echo "checking $doc in $work"

# The user's dst clone: the commands of section 6 run in it and write files there (ll.repro), so it is
# a directory of its own whose dst-examples is this checkout's (built by the install).
mkdir -p "$work/dst"
ln -s "$root/dst-examples" "$work/dst/dst-examples"

python3 - "$doc" "$work" "$root" <<'PY'
import os, re, shlex, subprocess, sys

doc, work, root = sys.argv[1:4]
lines = open(doc, encoding="utf-8").read().split("\n")
ansi = re.compile(r"\x1b\[[0-9;]*m")
marker = re.compile(r"^<!-- (file|run): (.*?) -->$")
os.makedirs(os.path.join(work, "logs"), exist_ok=True)


def block_after(i):
    """The fenced code block that starts on the first non-blank line after line i: (text, next line)."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines) or not lines[j].startswith("```"):
        sys.exit(f"tutorial.md:{i + 1}: a marker must be followed by a code block")
    k = j + 1
    while k < len(lines) and not lines[k].startswith("```"):
        k += 1
    return "\n".join(lines[j + 1:k]) + "\n", k + 1


files = commands = 0
i = 0
while i < len(lines):
    m = marker.match(lines[i])
    if not m:
        i += 1
        continue
    kind, arg = m.groups()
    text, nxt = block_after(i)
    if kind == "file":
        path = os.path.join(work, arg.strip())
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        files += 1
        print(f"  wrote {arg.strip()}")
    elif arg.strip() == "setup":
        if "mvn -B -q install -DskipTests" not in text:
            sys.exit(f"tutorial.md:{i + 1}: the setup block no longer installs dst with mvn -B -q install -DskipTests")
        if os.environ.get("DST_SKIP_INSTALL") == "1":
            if not os.path.isfile(os.path.join(root, "dst-examples", "target", "dst.jar")):
                sys.exit(f"DST_SKIP_INSTALL=1, but {root}/dst-examples/target/dst.jar is missing: run once without it")
            print("  setup: skipped (DST_SKIP_INSTALL=1)")
        else:
            print(f"  setup: mvn -B -q install -DskipTests in {root}")
            subprocess.run(["mvn", "-B", "-q", "install", "-DskipTests"], cwd=root, check=True)
    else:
        words = shlex.split(arg)
        where = words[0]
        opts = {"exit": "0"}
        expects = []
        for w in words[1:]:
            key, _, value = w.partition("=")
            if key == "expect":
                expects.append(value)
            else:
                opts[key] = value
        commands += 1
        log = os.path.join(work, "logs", f"{commands:02d}.log")
        print(f"  [{where}] {text.strip()}")
        p = subprocess.run(["bash", "-e", "-c", text], cwd=os.path.join(work, where),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        out = ansi.sub("", p.stdout)
        with open(log, "w", encoding="utf-8") as f:
            f.write(out)
        problems = []
        if p.returncode != int(opts["exit"]):
            problems.append(f"exit code {p.returncode}, expected {opts['exit']}")
        problems += [f"no line contains: {e}" for e in expects if e not in out]
        if problems:
            print("\n".join(out.splitlines()[-60:]))
            print(f"FAILED: tutorial.md:{i + 1}: " + "; ".join(problems) + f" (output in {log})")
            sys.exit(1)
        print(f"    ok: exit {p.returncode}, {len(expects)} expected line(s) found")
    i = nxt

if files == 0 or commands == 0:
    sys.exit("no <!-- file: --> or <!-- run: --> markers found in tutorial.md")
print(f"tutorial ok: {files} files written, {commands} commands run as the page says")
PY
