#!/usr/bin/env bash
# Benchmark of growth (not a test): for each lab size (hosts = 1 Consul server + 1 balancer + N-2
# replicas), boots a fresh lab and measures, in wall seconds: the lab boot, the first `up` (bare
# hosts -> deployment), the re-run `up` (must change nothing), `verify --no-disruptive`, and the
# controller's peak resident memory in each of those three commands (GNU time's maximum RSS).
#
#   nice -n 10 bench/scale.sh [NAME] [SUBNET] [SIZES...]     (default: scale 198.18.14.0/24 5 10)
#
# Needs root (the lab boots containers). Each size tears the previous lab down first; the last
# lab is left up (`provision lab down --name NAME`). Every command is bounded by `timeout`, so a
# stuck size prints "timeout" and the table goes on. A row: one size; logs in $BENCH_LOGS.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-scale}"
subnet="${2:-198.18.14.0/24}"
shift 2 2>/dev/null || shift $#
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5 10)
logs="${BENCH_LOGS:-/tmp/scale-bench-$name}"
limit="${BENCH_STEP_TIMEOUT:-1800}"        # seconds any one command may take
mkdir -p "$logs"
lab_dir="/var/lib/provision/labs/$name"

"$root/provision" --version >/dev/null || exit 1     # builds the jar first if sources changed
# A private copy of the tool (jars, libraries, playbooks, in the same layout): a rebuild in the
# worktree while the bench runs cannot change what is measured.
tool="$logs/tool"; bin="$tool/target"
rm -rf "$tool"; mkdir -p "$bin"
cp -r "$root/target/provision.jar" "$root/target/provision-service.jar" "$root/target/lib" "$bin/"
cp -r "$root/playbooks" "$tool/"
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

# timed LOG CMD...: runs the tool under GNU time; prints seconds (or "timeout"/"failed") and
# leaves the peak RSS in kB in LOG.rss.
timed() {
  local log="$1"; shift
  local s e rc
  s=$(now)
  timeout "$limit" /usr/bin/time -f '%M' -o "$log.rss" java ${PROVISION_JAVA_OPTS:-} -jar "$bin/provision.jar" "$@" \
    >"$log" 2>&1
  rc=$?; e=$(now)
  if [ $rc = 124 ]; then echo timeout; elif [ $rc != 0 ]; then echo "failed($rc)"; else minus "$e" "$s"; fi
}
peak() { sort -n "$@" 2>/dev/null | tail -1 | awk '{ printf "%d", $1 / 1024 }'; }

rows=()
for size in "${sizes[@]}"; do
  replicas=$((size - 2))
  echo "size $size ($replicas replicas): booting a fresh lab..." >&2
  java -jar "$bin/provision.jar" lab down --name "$name" >"$logs/$size-down.log" 2>&1
  boot=$(timed "$logs/$size-boot.log" lab up --name "$name" --subnet "$subnet" --replicas "$replicas")
  conn=(-i "$lab_dir/inventory.yaml" --known-hosts "$lab_dir/known_hosts")
  echo "size $size: lab boot $boot s; first up..." >&2
  first=$(timed "$logs/$size-up1.log" up "${conn[@]}")
  echo "size $size: first up $first s; re-run..." >&2
  rerun=$(timed "$logs/$size-up2.log" up "${conn[@]}")
  ! grep -q "changed=[1-9]" "$logs/$size-up2.log" || rerun="$rerun*"
  echo "size $size: re-run $rerun s; verify..." >&2
  verify=$(timed "$logs/$size-verify.log" verify "${conn[@]}" --no-disruptive --report-dir "$logs/$size-reports")
  mem="$(peak "$logs/$size-up1.log.rss") / $(peak "$logs/$size-up2.log.rss") / $(peak "$logs/$size-verify.log.rss")"
  pids=$(ps -e --no-headers | wc -l)
  used=$(free -m | awk '/^Mem:/ { print $3 }')
  rows+=("$(printf '| %5s | %8s | %10s | %10s | %11s | %8s | %20s | %7s |' \
    "$size" "$replicas" "$boot" "$first" "$rerun" "$verify" "$mem" "$used")")
  echo "size $size: verify $verify s; controller peak ${mem} MB; machine memory used ${used} MB; $pids processes" >&2
done

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GB memory, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| hosts | replicas | lab boot s | first up s | re-run up s | verify s | controller peak MB   | used MB |'
echo '|------:|---------:|-----------:|-----------:|------------:|---------:|---------------------:|--------:|'
printf '%s\n' "${rows[@]}"
echo
echo "verify: --no-disruptive. controller peak: the JVM's maximum RSS in the first up / the re-run / verify."
echo "used: memory in use on the whole machine with the lab up (free -m). '*' after a re-run: it changed something."
