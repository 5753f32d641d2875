#!/usr/bin/env bash
# DigitLab against PyTorch on this machine, same network, data, optimizer and thread count.
#
# Usage (from the repo root; it finds the root itself if called from elsewhere):
#   src/bench/compare.sh [--threads N] [--arch mlp|cnn] [--avx2] [--epochs E]
#
# --epochs E: measured training epochs on both sides, after one warm-up epoch each (default: each side's
# own, 5 measured after 3 warm-up for DigitLab's bench, 5 after 1 for PyTorch).
# --avx2 runs both as on a machine with AVX2 and no AVX-512: DigitLab with -XX:UseAVX=2, PyTorch with
# OPENBLAS_CORETYPE=Haswell, ATEN_CPU_CAPABILITY=avx2 and ONEDNN_MAX_CPU_ISA=AVX2 (oneDNN, which runs
# PyTorch's convolutions, picks its own instructions: without its cap it used AVX-512 here).
#
# Runs `digitlab bench --threads N --arch A --json`, then src/bench/pytorch_mlp.py --threads N --arch A
# --json (the same network: the seed's MLP, or the CNN conv5x16,pool2,conv5x32,pool2,dense128,dense10), one after
# the other (never at the same time: they would share the cores), and prints each metric for both with
# the ratio, written so that a ratio above 1 means DigitLab is better.
#
# Environment:
#   DIGITLAB_BENCH_CMD  replaces the DigitLab command (default:
#                       java --add-modules jdk.incubator.vector -XX:+UseSerialGC -jar target/digitlab.jar bench);
#                       `--threads N --json` is appended, and it must print one JSON object with
#                       train_samples_per_second, predict_latency_us_median, predict_latency_us_p99,
#                       eval_seconds, peak_heap_mb, threads. Handy for a stand-in or another jar.
#   DIGITLAB_DATA       MNIST folder, used by both sides.
#   TORCH_OPENBLAS_CORETYPE  OpenBLAS kernels for PyTorch (e.g. Haswell, the AVX2 stand-in beside
#                       DIGITLAB_BENCH_CMD="java ... -XX:UseAVX=2 ..."); by default OpenBLAS picks its own.
#
# Needs Debian's PyTorch: apt-get install -y python3-torch libopenblas0-pthread (run by /usr/bin/python3,
# not a pyenv or venv python). Exit status: 0 done, 1 a benchmark failed, 2 bad usage or PyTorch missing.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

threads=1
arch=mlp
avx2=0
epochs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "error: --threads needs a positive number" >&2; exit 2; }
               threads=$2; shift 2 ;;
    --arch) [[ $# -ge 2 && "$2" =~ ^(mlp|cnn)$ ]] || { echo "error: --arch is mlp or cnn (the networks both sides have)" >&2; exit 2; }
            arch=$2; shift 2 ;;
    --avx2) avx2=1; shift ;;
    --epochs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "error: --epochs needs a positive number" >&2; exit 2; }
              epochs=(--epochs "$2" --warmup 1); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/../.."   # the repo root, so target/digitlab.jar resolves from wherever we are called
PY=/usr/bin/python3

if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
  echo "error: PyTorch for $PY is missing; install it with:" >&2
  echo "  apt-get install -y python3-torch libopenblas0-pthread" >&2
  exit 2
fi
if ! compgen -G '/usr/lib/*/openblas-pthread/libopenblas.so.0' >/dev/null; then
  # Without it torch falls back to the reference BLAS, about ten times slower: not a fair opponent.
  echo "warning: libopenblas0-pthread is not installed (apt-get install -y libopenblas0-pthread)" >&2
fi

# Another job on a 2-core machine skews both sides; say so rather than print quietly wrong ratios.
# (CPU use over one second from /proc/stat; the load average lags and counts our own earlier runs.)
read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ < /proc/stat; sleep 1
read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ < /proc/stat
total=$(( (b1+b2+b3+b4+b5+b6+b7+b8) - (a1+a2+a3+a4+a5+a6+a7+a8) ))
busy=$(( 100 * (total - (b4+b5) + (a4+a5)) / (total > 0 ? total : 1) ))
if (( busy >= 20 )); then
  echo "warning: the CPUs are already ${busy}% busy: something else is running; the numbers may be off" >&2
fi

if [[ -n "${DIGITLAB_BENCH_CMD:-}" ]]; then
  digitlab_cmd=$DIGITLAB_BENCH_CMD
else
  if [[ ! -f target/digitlab.jar ]]; then
    echo "building target/digitlab.jar ..." >&2
    mvn -q -DskipTests package >&2   # keep stdout for the table
  fi
  # the Vector API on, and the serial collector the project's launchers use (a small heap, see README)
  avx_flag=""
  (( avx2 )) && avx_flag=" -XX:UseAVX=2"
  digitlab_cmd="java --add-modules jdk.incubator.vector -XX:+UseSerialGC$avx_flag -jar target/digitlab.jar bench"
fi
if (( avx2 )) && [[ "$digitlab_cmd" != *UseAVX=2* ]]; then
  echo "warning: --avx2 but DIGITLAB_BENCH_CMD has no -XX:UseAVX=2: DigitLab runs with whatever this JVM picks" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS

echo "running DigitLab ($arch, $threads thread(s)) ..." >&2
# "$@" after the command string: the arguments are appended to whatever DIGITLAB_BENCH_CMD says.
if ! bash -c "$digitlab_cmd \"\$@\"" digitlab-bench --threads "$threads" --arch "$arch" "${epochs[@]}" --json >"$tmp/digitlab.out" 2>"$tmp/digitlab.err"; then
  echo "error: the DigitLab benchmark failed: $digitlab_cmd --threads $threads --arch $arch ${epochs[*]} --json" >&2
  cat "$tmp/digitlab.err" >&2
  grep -q "unknown command 'bench'" "$tmp/digitlab.err" &&
    echo "(target/digitlab.jar predates the bench command: rebuild it with mvn -q -DskipTests package)" >&2
  exit 1
fi

echo "running PyTorch ($arch, $threads thread(s)) ..." >&2
# The machine may force OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) to a generic AVX2 core, which picks
# slower kernels here; unset them for PyTorch so it gets the kernels OpenBLAS would choose itself.
# Passive OpenMP waiting: spinning workers starve OpenBLAS's threads (see pytorch_mlp.py).
torch_env=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
[[ -n "${TORCH_OPENBLAS_CORETYPE:-}" ]] && torch_env+=(OPENBLAS_CORETYPE="$TORCH_OPENBLAS_CORETYPE")
if (( avx2 )); then
  [[ -z "${TORCH_OPENBLAS_CORETYPE:-}" ]] && torch_env+=(OPENBLAS_CORETYPE=Haswell)
  torch_env+=(ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2)
fi
isa_caps=$(env "${torch_env[@]}" sh -c 'echo "ATEN_CPU_CAPABILITY=${ATEN_CPU_CAPABILITY:-(unset)} ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-(unset)}"')
if ! env "${torch_env[@]}" \
     OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=passive \
     "$PY" src/bench/pytorch_mlp.py --threads "$threads" --arch "$arch" "${epochs[@]}" --json >"$tmp/torch.out" 2>"$tmp/torch.err"; then
  echo "error: the PyTorch benchmark failed" >&2
  cat "$tmp/torch.err" >&2
  exit 1
fi

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
cores=$(lscpu | sed -n 's/^Core(s) per socket: *//p' | head -1)
sockets=$(lscpu | sed -n 's/^Socket(s): *//p' | head -1)
java_version=$(java -version 2>&1 | head -1 || true)

"$PY" - "$tmp" "$threads" "$cpu" "$((cores * sockets))" "$(nproc)" "$(date '+%Y-%m-%d %H:%M %Z')" \
       "$java_version" "$((SECONDS - start))" "$arch" "$isa_caps" <<'EOF'
import json, sys
tmp, threads, cpu, cores, cpus, date, java, seconds, arch, isa_caps = sys.argv[1:]

def last_json(path):
    # The one JSON object: the last line starting with '{' (tolerates a log line before it).
    lines = [l for l in open(path, encoding="utf-8") if l.lstrip().startswith("{")]
    if not lines:
        sys.exit(f"error: no JSON object in the output ({path})")
    return json.loads(lines[-1])

d, t = last_json(f"{tmp}/digitlab.out"), last_json(f"{tmp}/torch.out")
blas = "".join(l for l in open(f"{tmp}/torch.err") if l.startswith("openblas:")).strip()

# name, DigitLab key, PyTorch key, format, ratio as DigitLab-better-when->1
rows = [
    ("training (samples/s)",       "train_samples_per_second",  "train_samples_per_second",  "{:,.0f}", lambda a, b: a / b),
    ("predict 1 image, median µs", "predict_latency_us_median", "predict_latency_us_median", "{:.1f}",  lambda a, b: b / a),
    ("predict 1 image, p99 µs",    "predict_latency_us_p99",    "predict_latency_us_p99",    "{:.1f}",  lambda a, b: b / a),
    ("10,000 test images (ms)",    "eval_seconds",              "eval_seconds",              "{:.1f}",  lambda a, b: b / a),
    ("peak resident memory (MB)",  "peak_rss_mb",               "peak_rss_mb",               "{:.0f}",  lambda a, b: b / a),
]
print(f"DigitLab vs PyTorch {t.get('torch_version')} — {arch}, {threads} thread(s), {date}")
print(f"machine: {cpu}, {cores} core(s), {cpus} CPU(s); {java}")
print(f"PyTorch {blas or 'openblas: unknown'}; {isa_caps}")
if "kernels" in d:
    flags = ", ".join(f"{k}={v}" for k, v in d.get("jvm_flags", {}).items())
    skipping = {True: "zeros of mostly-zero operands skipped", False: "every multiply-add"}.get(d.get("zero_skipping"), "")
    print(f"DigitLab products: {d['kernels']}" + (f", {skipping}" if skipping else "") + (f"; JVM flags {flags}" if flags else ""))
print()
print(f"{'metric':<28} {'DigitLab':>12} {'PyTorch':>12} {'ratio':>8}")
for name, dk, tk, fmt, ratio in rows:
    a, b = d.get(dk), t.get(tk)
    scale = 1000 if dk == "eval_seconds" else 1
    cell = lambda v: "—" if v is None else fmt.format(v * scale)
    r = f"{ratio(a, b):.2f}x" if ratio and a and b else "n/a"
    print(f"{name:<28} {cell(a):>12} {cell(b):>12} {r:>8}")
print()
print("ratio > 1: DigitLab better (throughput DigitLab/PyTorch; times PyTorch/DigitLab).")
print("memory: each process's peak resident set (VmHWM / ru_maxrss).")
if "test_accuracy" in t:
    print(f"PyTorch test accuracy after its run: {t['test_accuracy']:.2%}")
if int(d.get("threads", threads)) != int(threads) or int(t.get("threads", threads)) != int(threads):
    print(f"warning: thread counts differ: DigitLab {d.get('threads')}, PyTorch {t.get('threads')}")
print(f"both runs took {seconds} s")
EOF
