#!/usr/bin/env bash
# Packs the five packages and proves they work as a user gets them:
#   1. `dotnet pack -c Release -o artifacts/packages` (the solution: every packable project);
#   2. checks each .nupkg's metadata (id, version, description, authors, MIT, tags, README, repository, XML docs, no
#      analyzer dependency) and that a .snupkg with the PDBs sits beside it;
#   3. copies scripts/package-consumer/ to a throwaway folder, with its own empty NuGet packages folder (so that no
#      cached copy of the same version can stand in for the new one) and our five ids taken from artifacts/packages
#      only (package source mapping; dependencies come from the machine's usual NuGet sources), then:
#      a. publishes AotWorker as native AOT with DingTalk.Robot and DingTalk.Extensions.Logging rooted whole (every
#         member analysed): no trimming or AOT warning allowed;
#      b. builds Net8Consumer, a net8.0 app that pins Microsoft.Extensions.Hosting/Logging 8.0.x: it must restore without
#         NU1605 and carry no 10.x Microsoft.Extensions package or assembly;
#      c. runs Consumer (net10.0; Serilog.Sinks.DingTalk, DingTalk.Extensions.Logging and DingTalk.Robot.Testing at
#         the exact version): it starts the robot emulator, logs an error through Serilog and one through
#         Microsoft.Extensions.Logging, flushes both, runs the native worker against the emulator (configured from
#         Logging:DingTalk, as a user would), logs one more through Serilog in fleet mode (DingTalk.Robot.Redis; the
#         Redis of DINGTALK_TEST_REDIS, or failing open without one), and exits 0 only if the emulator received the
#         four digests.
# Exits non-zero on any failure. KEEP_VERIFY_DIR=1 keeps the throwaway folder for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
packages="$repo/artifacts/packages"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "verify-packages: $*"; }
fail() { echo "verify-packages: FAILED: $*" >&2; exit 1; }

version=$(dotnet msbuild src/DingTalk.Robot/DingTalk.Robot.csproj -getProperty:PackageVersion)
[ -n "$version" ] || fail "could not read the package version"
# Versions of the consumer's other references, from the one place versions live.
central_version() {
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse("Directory.Packages.props").getroot()
print(next(p.get("Version") for p in root.iter("PackageVersion") if p.get("Include") == sys.argv[1]))
PY
}
mel_version=$(central_version Microsoft.Extensions.Logging)
hosting_version=$(central_version Microsoft.Extensions.Hosting)

say "packing $version into artifacts/packages"
rm -rf "$packages"
pack_log=$(mktemp)
dotnet pack Serilog.Sinks.DingTalk.sln -c Release -o "$packages" -v q -nologo >"$pack_log" 2>&1 \
  || { cat "$pack_log" >&2; rm -f "$pack_log"; fail "dotnet pack failed"; }
# Packing must be as clean as building: no warning (a missing README, a SourceLink or a NuGet warning).
if grep -E ": warning " "$pack_log" >&2; then
  rm -f "$pack_log"
  fail "dotnet pack warned (above)"
fi
rm -f "$pack_log"

say "checking the packages' metadata"
python3 - "$packages" "$version" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET, os
folder, version = sys.argv[1], sys.argv[2]
expected = ["DingTalk.Robot", "DingTalk.Robot.Redis", "DingTalk.Robot.Testing", "Serilog.Sinks.DingTalk", "DingTalk.Extensions.Logging", "DingTalk.Extensions.Diagnostics.HealthChecks"]
# Tags that fit each package: the Serilog words only on the Serilog sink.
common_tags = {"dingtalk", "钉钉", "alerting"}
tags_needed = {
    "DingTalk.Robot": common_tags | {"robot", "webhook"},
    "DingTalk.Robot.Redis": common_tags | {"redis", "fleet"},
    "DingTalk.Robot.Testing": common_tags | {"testing", "emulator"},
    "Serilog.Sinks.DingTalk": common_tags | {"serilog", "sink", "logging"},
    "DingTalk.Extensions.Logging": common_tags | {"logging", "ilogger"},
    "DingTalk.Extensions.Diagnostics.HealthChecks": common_tags | {"healthchecks"},
}
in_ci = os.environ.get("CI") == "true"
problems = []
found = sorted(f for f in os.listdir(folder) if f.endswith(".nupkg"))
if sorted(f"{p}.{version}.nupkg" for p in expected) != found:
    problems.append(f"expected exactly {expected} at {version}, found {found}")
for package in expected:
    path = os.path.join(folder, f"{package}.{version}.nupkg")
    if not os.path.exists(path):
        continue
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        nuspec = ET.fromstring(z.read(f"{package}.nuspec"))
    ns = {"n": nuspec.tag.split("}")[0].strip("{")}
    meta = nuspec.find("n:metadata", ns)
    get = lambda tag: (meta.findtext(f"n:{tag}", default="", namespaces=ns) or "").strip()
    def need(ok, what):
        if not ok:
            problems.append(f"{package}: {what}")
    need(get("id") == package, f"id is {get('id')!r}")
    need(get("version") == version, f"version is {get('version')!r}")
    need(len(get("description")) > 40, "no real description")
    need(get("authors"), "no authors")
    license = meta.find("n:license", ns)
    need(license is not None and license.get("type") == "expression" and license.text == "MIT", "license is not the MIT expression")
    tags = set(get("tags").split())
    need(tags_needed[package] <= tags, f"tags {get('tags')!r} lack {sorted(tags_needed[package] - tags)}")
    need(package == "Serilog.Sinks.DingTalk" or not ({"serilog", "sink"} & tags), f"tags {get('tags')!r} call a non-Serilog package a Serilog sink")
    need(get("icon") == "icon.png" and "icon.png" in names, "no icon")
    need(get("readme") == "README.md" and "README.md" in names, "no README.md")
    repository = meta.find("n:repository", ns)
    need(repository is not None and repository.get("url", "").startswith("https://"), "no repository url")
    need(repository is not None and len(repository.get("commit", "")) == 40, "no repository commit (SourceLink found no git repository)")
    dlls = [n for n in names if n.startswith("lib/") and n.endswith(f"/{package}.dll")]
    need(dlls, "no lib/*/ assembly")
    for dll in dlls:
        need(dll[:-4] + ".xml" in names, f"no XML docs beside {dll}")
    need(not any(n.startswith("analyzers/") or "PublicApiAnalyzers" in n for n in names), "ships an analyzer")
    deps = [d.get("id") for d in meta.iter(f"{{{ns['n']}}}dependency")]
    need("Microsoft.CodeAnalysis.PublicApiAnalyzers" not in deps, "depends on the PublicApiAnalyzers")
    symbols = os.path.join(folder, f"{package}.{version}.snupkg")
    if not os.path.exists(symbols):
        problems.append(f"{package}: no .snupkg")
    else:
        with zipfile.ZipFile(symbols) as z:
            pdbs = set(z.namelist())
            for dll in dlls:
                pdb = dll[:-4] + ".pdb"
                need(pdb in pdbs, f"no PDB for {dll} in the .snupkg")
                if pdb in pdbs:
                    data = z.read(pdb)
                    # SourceLink: the PDB maps its documents to raw source URLs; deterministic paths (/_/) on CI.
                    need(b'"documents"' in data and b"raw.githubusercontent.com" in data, f"{pdb} has no SourceLink")
                    need(not in_ci or b"/_/" in data, f"{pdb} is not a deterministic CI build (no /_/ paths)")
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
say "metadata ok: $(cd "$packages" && ls | tr '\n' ' ')"

work=$(mktemp -d "${TMPDIR:-/tmp}/dingtalk-consumer.XXXXXX")
if [ "${KEEP_VERIFY_DIR:-}" = 1 ]; then
  say "keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
cp -r scripts/package-consumer/. "$work/"
mkdir -p "$work/nuget-packages"

# The versions, and a stop for MSBuild's search for Directory.Build.* and central package management above $work.
cat > "$work/Directory.Build.props" <<EOF
<Project>
  <PropertyGroup>
    <DingTalkPackageVersion>$version</DingTalkPackageVersion>
    <MicrosoftExtensionsLoggingVersion>$mel_version</MicrosoftExtensionsLoggingVersion>
    <MicrosoftExtensionsHostingVersion>$hosting_version</MicrosoftExtensionsHostingVersion>
    <!-- What a .NET 8 team pins: the 8.0 line (NU1605 if a package of ours lifted it). -->
    <MicrosoftExtensions8Version>8.0.1</MicrosoftExtensions8Version>
  </PropertyGroup>
</Project>
EOF
echo '<Project />' > "$work/Directory.Build.targets"
echo '<Project />' > "$work/Directory.Packages.props"

# The local folder, plus the sources this machine already uses (user/machine NuGet.Config) for the dependencies;
# NuGet finds this file above both apps and merges it with those. Package source mapping: our five ids come from
# the local folder and nowhere else.
python3 - "$work/nuget.config" "$packages" <<'PY'
import sys, subprocess, re
from xml.sax.saxutils import quoteattr
out = subprocess.run(["dotnet", "nuget", "list", "source", "--format", "Detailed"], capture_output=True, text=True, check=True).stdout
names = [m.group(1) for m in re.finditer(r"^\s*\d+\.\s+(.+?)\s+\[Enabled\]\s*$", out, re.M)]
if not names:
    sys.exit("verify-packages: no enabled NuGet source is configured for the dependencies")
ours = ["DingTalk.Robot", "DingTalk.Robot.Redis", "DingTalk.Robot.Testing", "DingTalk.Extensions.Logging", "Serilog.Sinks.DingTalk", "DingTalk.Extensions.Diagnostics.HealthChecks"]
lines = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <packageSources>",
         f'    <add key="local-packages" value={quoteattr(sys.argv[2])} />', "  </packageSources>", "  <packageSourceMapping>",
         '    <packageSource key="local-packages">'] + [f'      <package pattern="{p}" />' for p in ours] + ["    </packageSource>"]
for name in names:
    lines += [f"    <packageSource key={quoteattr(name)}>", '      <package pattern="*" />', "    </packageSource>"]
lines += ["  </packageSourceMapping>", "</configuration>"]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY

export NUGET_PACKAGES="$work/nuget-packages"
# Each of our packages must have been restored from artifacts/packages, at the exact version.
check_source() {
  local id=$1
  [ -f "$NUGET_PACKAGES/$id/$version/.nupkg.metadata" ] || fail "$id $version was not restored"
  grep -q '"source": *"'"$packages"'/\?"' "$NUGET_PACKAGES/$id/$version/.nupkg.metadata" || fail "$id $version came from another source"
}

say "publishing a native AOT worker that roots DingTalk.Robot and DingTalk.Extensions.Logging"
log="$work/aot-publish.log"
dotnet publish "$work/AotWorker/AotWorker.csproj" -c Release -r linux-x64 -o "$work/AotWorker/out" -nologo >"$log" 2>&1 \
  || { cat "$log" >&2; fail "the native AOT publish failed"; }
if grep -E "warning [A-Z]+[0-9]+" "$log" >&2; then
  fail "the native AOT publish warned (above)"
fi
check_source dingtalk.robot
check_source dingtalk.extensions.logging
say "native AOT publish: no trimming or AOT warnings"

say "a net8.0 app pinned to the 8.0.x Microsoft.Extensions packages: no NU1605, no 10.x assembly copied"
net8_log="$work/net8-consumer.log"
dotnet build "$work/Net8Consumer/Net8Consumer.csproj" -c Release -nologo -v q >"$net8_log" 2>&1 \
  || { cat "$net8_log" >&2; fail "the net8.0 consumer pinned to 8.0.x did not restore and build (NU1605?)"; }
check_source dingtalk.extensions.diagnostics.healthchecks
python3 - "$work/Net8Consumer/bin/Release/net8.0/Net8Consumer.deps.json" <<'PY' || fail "a 10.x Microsoft.Extensions package reached the net8.0 app"
import json, sys
libraries = json.load(open(sys.argv[1]))["libraries"]
lifted = sorted(name for name in libraries if name.lower().startswith("microsoft.extensions.") and not name.split("/")[1].startswith("8."))
if lifted:
    print("verify-packages: lifted past 8.0: " + ", ".join(lifted), file=sys.stderr)
sys.exit(1 if lifted else 0)
PY
if ls "$work/Net8Consumer/bin/Release/net8.0/" | grep -q '^Microsoft\.Extensions\.'; then
  for dll in "$work"/Net8Consumer/bin/Release/net8.0/Microsoft.Extensions.*.dll; do
    strings -el "$dll" 2>/dev/null | grep -q '^10\.0\.' && fail "$(basename "$dll") in the net8.0 app's output is a 10.x assembly"
  done
fi
# It runs on this machine's newest runtime (roll forward) against the emulator started by the net10.0 consumer below.

say "building and running the consumer app against the packages"
dotnet restore "$work/Consumer/Consumer.csproj" -v q -nologo || fail "the consumer app did not restore"
check_source dingtalk.robot.testing
check_source dingtalk.robot.redis
check_source serilog.sinks.dingtalk
dotnet build "$work/Consumer/Consumer.csproj" -c Release --no-restore -v q -nologo || fail "the consumer app did not build against the packages"
timeout 180 dotnet "$work/Consumer/bin/Release/net10.0/Consumer.dll" "$work/AotWorker/out/AotWorker" "$work/Net8Consumer/bin/Release/net8.0/Net8Consumer.dll" \
  || fail "the emulator did not receive the five digests"
say "ok: the packages install, build, publish as native AOT without warnings, and deliver (Serilog, MEL, native AOT, net8.0 on 8.0.x, Serilog in fleet mode -> emulator)"
