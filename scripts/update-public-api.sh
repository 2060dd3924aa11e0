#!/usr/bin/env bash
# Brings src/*/PublicAPI.Unshipped.txt in line with the code, for a deliberate public API change:
# builds the packable projects (every target framework), adds the symbols the PublicApiAnalyzers report as new
# (RS0016) and drops the unshipped ones they report as gone (RS0017). Review the diff before committing it: every
# line is a promise to users. A symbol that only some target frameworks have is reported and left out (shared files
# need the same surface on every target).
#
#   scripts/update-public-api.sh            # all four packages
#   scripts/update-public-api.sh src/DingTalk.Robot
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(src/*/)
fi

for dir in "${projects[@]}"; do
  dir="${dir%/}"
  csproj=$(ls "$dir"/*.csproj)
  tfms=$(dotnet msbuild "$csproj" -getProperty:TargetFrameworks)
  log=$(mktemp)
  # --no-incremental: the analyzers must see every file; warnings stay warnings so the whole list comes out.
  dotnet build "$csproj" -c Release --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= >"$log" 2>&1 || true
  python3 - "$dir" "$log" "$tfms" "$(cd "$dir" && pwd)/$(basename "$csproj")" <<'PY'
import re, sys, collections
directory, log = sys.argv[1], sys.argv[2]
tfms = set(t for t in sys.argv[3].split(";") if t)
project = sys.argv[4]
unshipped_path = directory + "/PublicAPI.Unshipped.txt"
pattern = re.compile(r"(?:warning|error) (RS0016|RS0017): Symbol '(.*?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*?)::TargetFramework=([^\]]+)\]")
found = collections.defaultdict(set)
for line in open(log, encoding="utf-8", errors="replace"):
    m = pattern.search(line)
    # Only this project's diagnostics: a build also builds (and reports) the projects it references.
    if m and m.group(3) == project:
        found[(m.group(1), m.group(2))].add(m.group(4))
lines = [l.rstrip("\n") for l in open(unshipped_path, encoding="utf-8")]
header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
body = set(l for l in lines if l and not l.startswith("#"))
added = removed = 0
for (rule, symbol), where in sorted(found.items()):
    if rule == "RS0016":
        if where != tfms:
            print(f"{directory}: '{symbol}' is public only on {sorted(where)}; not added", file=sys.stderr)
            continue
        if symbol not in body:
            body.add(symbol); added += 1
    elif symbol in body:
        body.discard(symbol); removed += 1
with open(unshipped_path, "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(header + sorted(body)) + "\n")
print(f"{directory}: {added} added, {removed} removed")
PY
  rm -f "$log"
done
