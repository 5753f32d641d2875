#!/usr/bin/env bash
# Runs an allocation probe in N fresh JVMs, one after the other, and prints how many allocated nothing once
# warm: the check that C2 never compiles a tile so that it boxes its vectors. Probes: kernels (default;
# engine/kernels/AllocationProbe: every product the network makes at batch 64, 32 and 1; clean when a window
# of 50 rounds allocated < 1 KB) and training (nn/TrainingAllocationTest's main: real training on 2 threads;
# clean when a batch allocated <= 64 bytes, the report handed to listeners).
#
# Usage (from the repo root, after `mvn -q -o -DskipTests test-compile package`):
#   src/bench/allocation-jvms.sh [-n N] [--training] [-- JVM options...]
# e.g. src/bench/allocation-jvms.sh -- -XX:UseAVX=2                       (AVX2, 16 registers)
#      src/bench/allocation-jvms.sh -- -XX:UseAVX=2 -Ddigitlab.kernels.bits=128   (128-bit vectors)
# Prints one line per JVM (the bytes allocated in five windows of 50 rounds) and then
# "clean: K of N JVMs"; exit status 0 when all N were clean, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=20
probe=(digitlab.engine.kernels.AllocationProbe vector); limit=1023
if [[ "${1:-}" == "-n" ]]; then n=$2; shift 2; fi
if [[ "${1:-}" == "--training" ]]; then probe=(digitlab.nn.TrainingAllocationTest); limit=64; shift; fi
if [[ "${1:-}" == "--" ]]; then shift; fi
[[ -d target/test-classes && -d target/lib ]] || { echo "error: run mvn -q -o -DskipTests test-compile package first" >&2; exit 2; }
cp="target/test-classes:target/classes:$(printf '%s:' target/lib/*.jar)"
clean=0
for ((run = 1; run <= n; run++)); do
  windows=$(java --add-modules jdk.incubator.vector "$@" -cp "$cp" "${probe[@]}" 2>/dev/null | tail -1 || true)
  least=$(tr -d '[] ' <<<"$windows" | tr ',' '\n' | sort -n | head -1)
  if [[ -n "$least" && "$least" -le $limit ]]; then clean=$((clean + 1)); fi
  echo "JVM $run: $windows"
done
echo "clean: $clean of $n JVMs (${probe[0]##*.} $*)"
[[ $clean -eq $n ]]
