#!/usr/bin/env bash
# Is the enabled Serilog call dearer than at <commit>? Builds scripts/call-cost/ twice, against <commit>'s src/ (taken
# with git archive) and against this checkout's, each in a throwaway folder, and runs the two builds in turns, <runs>
# processes each (3 by default). Each process times interleaved rounds of Log.Error against a no-op sink in the same
# process and prints the medians, the fastest rounds and their ratios (README, Performance, "Round six"). For a machine
# that is otherwise idle: the ratios of one process swing by a tenth. Extra arguments go to the harness (rounds, calls
# per round, queue limit). The commit must have WriteTo.DingTalk(webhookUrl, queueLimit:) and the robot emulator.
#   usage: scripts/compare-call-cost.sh <commit> [runs] [rounds calls-per-round queue-limit]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
commit=${1:?usage: scripts/compare-call-cost.sh <commit> [runs] [rounds calls-per-round queue-limit]}
runs=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/tree"
git archive "$commit" | tar -x -C "$work/tree"
for build in base now; do
  mkdir -p "$work/$build"
  cp scripts/call-cost/CallCost.csproj scripts/call-cost/Program.cs "$work/$build/"
done

build() {
  dotnet build "$work/$1/CallCost.csproj" -c Release -p:Src="$2" -o "$work/$1/out" >"$work/$1/build.log" 2>&1 \
    || { tail -20 "$work/$1/build.log" >&2; echo "compare-call-cost: the build against $2 failed" >&2; exit 1; }
}
build base "$work/tree/src"
build now "$repo/src"

label=$(git rev-parse --short "$commit")
for run in $(seq 1 "$runs"); do
  for build in base now; do
    echo "== run $run, $([ "$build" = base ] && echo "$label" || echo "this checkout")"
    dotnet "$work/$build/out/CallCost.dll" "$@"
  done
done
