#!/usr/bin/env bash
# Benchmark (a script, not a test): tf_upgrade_v2 (this crate) against the
# reference tf_upgrade_v2 and against `ruff check` on the conformance corpus.
#
# Usage: bench/run.sh [RUNS]      (RUNS per measurement, default 5; best wall
#                                  time and highest peak memory are kept)
# Env:   TFUP_CONFORMANCE (default ../shared/conformance), TFUP_CACHE (default
#        ~/.cache/tfup-conformance), TFUP_BENCH (work dir, default
#        ~/.cache/tfup-bench), RUFF_VERSION (default 0.17.5), REF_TREE
#        (corpus package for the reference CLI run, default trfl).
#
# Installs what it needs: `time` (apt-get) for /usr/bin/time, ruff (PyPI,
# into a venv under TFUP_BENCH); the reference comes from the conformance
# kit's setup.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONF="${TFUP_CONFORMANCE:-$ROOT/../shared/conformance}"
CACHE="${TFUP_CACHE:-$HOME/.cache/tfup-conformance}"
BENCH="${TFUP_BENCH:-$HOME/.cache/tfup-bench}"
RUNS="${1:-5}"
RUFF_VERSION="${RUFF_VERSION:-0.17.5}"
REF_TREE="${REF_TREE:-trfl}"
export TF_CPP_MIN_LOG_LEVEL=3

if [ ! -x /usr/bin/time ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq time >&2
fi
mkdir -p "$BENCH"
if [ ! -x "$BENCH/venv-ruff/bin/ruff" ] || ! "$BENCH/venv-ruff/bin/ruff" --version | grep -q " $RUFF_VERSION\$"; then
  python3 -m venv "$BENCH/venv-ruff"
  "$BENCH/venv-ruff/bin/pip" install -q --disable-pip-version-check "ruff==$RUFF_VERSION" >&2
fi
VENV="$("$CONF/setup.sh" | tail -n 1)"
CORPUS="$("$CONF/fetch_corpus.sh" | tail -n 1)"
ORACLE="$CACHE/oracle-default"
(cd "$ROOT" && cargo build --release -q)
BIN="$ROOT/target/release/tf_upgrade_v2"

exec python3 - "$BIN" "$CORPUS" "$ORACLE" "$VENV" "$BENCH" "$RUNS" "$REF_TREE" <<'PY'
import glob, json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

BIN, CORPUS, ORACLE, VENV, BENCH, RUNS, REF_TREE = sys.argv[1:]
RUNS = int(RUNS)
RUFF = os.path.join(BENCH, "venv-ruff", "bin", "ruff")
CORES = os.cpu_count()
work = os.path.join(BENCH, "work")

# The corpus's .py files, and 2x and 4x copies of them.
def copy_py(src, dst):
    for dirpath, _, files in os.walk(src):
        for f in files:
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(dirpath, f), src)
                os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
                shutil.copyfile(os.path.join(dirpath, f), os.path.join(dst, rel))

shutil.rmtree(work, ignore_errors=True)
trees = {}
for k in (1, 2, 4):
    d = os.path.join(work, f"x{k}")
    for i in range(k):
        copy_py(CORPUS, os.path.join(d, f"copy{i}"))
    trees[k] = d
def tree_size(d):
    n = b = 0
    for dirpath, _, files in os.walk(d):
        for f in files:
            n += 1
            b += os.path.getsize(os.path.join(dirpath, f))
    return n, b
nfiles, nbytes = tree_size(trees[1])
mb = nbytes / 1e6

def measure(cmd, runs=RUNS, before=None):
    """Best wall time, its CPU time, and the highest peak RSS (MB) over runs."""
    best = None
    peak = 0.0
    for _ in range(runs):
        if before:
            before()
        out = tempfile.mktemp()
        # CPU time from the kernel's accounting of the waited-for children
        # (microseconds; /usr/bin/time prints hundredths), peak RSS from time.
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-v", "-o", out] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        info = {}
        for line in open(out):
            k, _, v = line.strip().rpartition(": ")
            info[k] = v
        os.unlink(out)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        peak = max(peak, int(info["Maximum resident set size (kbytes)"]) / 1024)
        if best is None or wall < best[0]:
            best = (wall, cpu)
    return best[0], best[1], peak

outdir = os.path.join(BENCH, "out")
report = os.path.join(BENCH, "report.txt")
def clean_out():
    shutil.rmtree(outdir, ignore_errors=True)

def ours_convert(tree, jobs=None, extra=(), runs=RUNS):
    cmd = [BIN, "--intree", tree, "--outtree", outdir, "--reportfile", report, "--quiet", *extra]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return measure(cmd, runs=runs, before=clean_out)

def ours_check(tree, jobs=None, extra=()):
    cmd = [BIN, "--check", "--quiet", *extra, tree]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return measure(cmd)

shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
def ours_convert_shm(tree, jobs=None):
    d = tempfile.mkdtemp(dir=shm)
    out = os.path.join(d, "out")
    cmd = [BIN, "--intree", tree, "--outtree", out, "--reportfile", os.path.join(d, "r.txt"), "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    try:
        return measure(cmd, before=lambda: shutil.rmtree(out, ignore_errors=True))
    finally:
        shutil.rmtree(d, ignore_errors=True)

check1 = ours_check(trees[1], 1)
checkn = ours_check(trees[1])
ruff = measure([RUFF, "check", "--no-cache", "--isolated", "--select", "UP,F",
                "--exit-zero", "--quiet", trees[1]])
conv1 = ours_convert(trees[1], 1)
convn = ours_convert(trees[1])
shm1 = ours_convert_shm(trees[1], 1) if shm else None
shmn = ours_convert_shm(trees[1]) if shm else None

# The reference: its own per-file time (oracle.py records it around each
# file's conversion, TensorFlow already imported), and its CLI on one tree.
ref_seconds = 0.0
ref_files = 0
for f in glob.glob(os.path.join(ORACLE, "*.jsonl")):
    for line in open(f):
        ref_seconds += json.loads(line)["seconds"]
        ref_files += 1
ref_tree = os.path.join(CORPUS, REF_TREE)
rt_files, rt_bytes = 0, 0
for dirpath, _, files in os.walk(ref_tree):
    for f in files:
        if f.endswith(".py"):
            rt_files += 1
ref_cli = measure([os.path.join(VENV, "bin", "tf_upgrade_v2"), "--intree", ref_tree,
                   "--outtree", outdir, "--reportfile", report], runs=1, before=clean_out)
ours_tree = measure([BIN, "--intree", ref_tree, "--outtree", outdir, "--reportfile", report],
                    before=clean_out)

# Growth: 1x, 2x, 4x the corpus.
growth = []
for k in (1, 2, 4):
    growth.append((k, ours_check(trees[k], 1), ours_check(trees[k]), ours_convert(trees[k], 1)))
clean_out()

load = os.getloadavg()[0]
print(f"corpus: {nfiles} .py files, {mb:.1f} MB (MB = 10^6 bytes); {CORES} cores; "
      f"load average {load:.1f}; best of {RUNS} runs")
print()
print(f"{'':44} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'MB/s/core':>10}")
def row(name, m, threads):
    wall, cpu, peak = m
    print(f"{name:44} {wall:8.3f} {cpu:8.3f} {peak:8.1f} {mb / wall / threads:10.1f}")
row("tf_upgrade_v2 --check --jobs 1", check1, 1)
row(f"tf_upgrade_v2 --check ({CORES} threads)", checkn, CORES)
row("ruff check --no-cache --select UP,F", ruff, CORES)
row("tf_upgrade_v2 --intree/--outtree --jobs 1", conv1, 1)
row(f"tf_upgrade_v2 --intree/--outtree ({CORES} thr.)", convn, CORES)
if shm:
    row("  same, --outtree on tmpfs, --jobs 1", shm1, 1)
    row(f"  same, --outtree on tmpfs ({CORES} threads)", shmn, CORES)
print(f"{'reference, sum of per-file seconds':44} {ref_seconds:8.2f}   ({ref_files} files, {1000 * ref_seconds / max(ref_files, 1):.1f} ms/file)")
print()
print(f"one tree ({REF_TREE}, {rt_files} .py files), the CLIs end to end:")
print(f"  reference tf_upgrade_v2  {ref_cli[0]:8.3f} s (peak {ref_cli[2]:.0f} MB)")
print(f"  tf_upgrade_v2 (Rust)     {ours_tree[0]:8.3f} s (peak {ours_tree[2]:.0f} MB)   "
      f"{ref_cli[0] / ours_tree[0]:.0f}x faster")
print()
def target(name, value, ok, goal):
    print(f"  {name:52} {value:>12}   {'ok ' if ok else 'MISSED'} (target {goal})")
print("ratios and targets (--check: read and convert every file, write nothing, as")
print("the reference's per-file time and ruff check do):")
sp1 = ref_seconds / check1[0]
spn = ref_seconds / checkn[0]
target("reference per-file time / ours, 1 thread", f"{sp1:.0f}x", sp1 >= 300, ">= 300x")
target(f"reference per-file time / ours, {CORES} threads", f"{spn:.0f}x", spn >= 300, ">= 300x")
r = checkn[0] / ruff[0]
target("ours / ruff, wall, all threads", f"{r:.2f}", r <= 0.5, "<= 0.5")
mbs = mb / check1[0]
target("MB/s per core, 1 thread", f"{mbs:.1f}", mbs >= 40, ">= 40")
peak = max(m[2] for m in (conv1, convn, check1, checkn))
target("peak memory, MB (x1, any mode)", f"{peak:.1f}", peak <= 150, "<= 150")
peak4 = max(max(g[1][2], g[2][2], g[3][2]) for g in growth if g[0] == 4)
target("peak memory, MB (x4)", f"{peak4:.1f}", peak4 <= 150, "<= 150")
print("writing the converted tree:")
r = convn[0] / ruff[0]
target("ours (--intree/--outtree on disk) / ruff, wall", f"{r:.2f}", r <= 0.5, "<= 0.5")
if shm:
    r = shmn[0] / ruff[0]
    target("ours (--intree/--outtree on tmpfs) / ruff, wall", f"{r:.2f}", r <= 0.5, "<= 0.5")
print()
print("target mode (--target 2.21: the API tables, the rewrites and the check) / default:")
def paired_cpu(cmd_default, cmd_target, runs):
    """Median CPU seconds of each command, run alternately (so that a slower
    stretch of the machine weighs on both), and the highest peak RSS."""
    cpu = {0: [], 1: []}
    peak = {0: 0.0, 1: 0.0}
    for _ in range(runs):
        for k, cmd in ((0, cmd_default), (1, cmd_target)):
            _, c, p = measure(cmd, runs=1)
            cpu[k].append(c)
            peak[k] = max(peak[k], p)
    return statistics.median(cpu[0]), statistics.median(cpu[1]), peak[0], peak[1]
runs_cpu = max(RUNS, 7)
for label, jobs in (("--check, 1 thread", ["--jobs", "1"]), (f"--check, {CORES} threads", [])):
    base_cmd = [BIN, "--check", "--quiet", *jobs, trees[1]]
    d, t, pd, pt = paired_cpu(base_cmd, base_cmd[:1] + ["--target", "2.21"] + base_cmd[1:], runs_cpu)
    r = t / d
    target(f"{label}, CPU, median of {runs_cpu}: {t:.3f} s / {d:.3f} s", f"{r:.2f}x", r <= 1.15, "<= 1.15x")
    target(f"{label}: peak {pt:.1f} MB - {pd:.1f} MB", f"+{pt - pd:.1f} MB", pt - pd <= 15, "<= +15 MB")
# Writing to disk depends on what the disk still has to write back: the two
# modes alternate here too, each run after a sync, best wall time of each.
walls = {0: [], 1: []}
for _ in range(RUNS):
    for k, extra in ((0, ()), (1, ("--target", "2.21"))):
        subprocess.run(["sync"])
        walls[k].append(ours_convert(trees[1], None, extra, runs=1)[0])
dw, tw = min(walls[0]), min(walls[1])
r = tw / dw
target(f"--intree/--outtree on disk, {CORES} threads, wall: {tw:.3f} s / {dw:.3f} s", f"{r:.2f}x", r <= 1.2, "<= 1.2x")
print()
print("growth (time / (k x time at 1x) should stay near 1):")
print(f"  {'copies':>6} {'MB':>7} {'check 1 thr s':>13} {'ratio':>6} {'check all s':>12} {'ratio':>6} {'convert 1 thr s':>15} {'ratio':>6} {'peak MB':>8}")
b1, bn, bc = growth[0][1][0], growth[0][2][0], growth[0][3][0]
for k, g1, gn, gc in growth:
    print(f"  {k:>6} {k * mb:7.1f} {g1[0]:13.3f} {g1[0] / (k * b1):6.2f} {gn[0]:12.3f} "
          f"{gn[0] / (k * bn):6.2f} {gc[0]:15.3f} {gc[0] / (k * bc):6.2f} {max(g1[2], gn[2], gc[2]):8.1f}")
PY
