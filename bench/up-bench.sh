#!/usr/bin/env bash
# Benchmark of `provision up` (not a test): on a freshly booted lab, the wall time of the first
# run (bare hosts -> deployment), of the second, idempotent run (goal: under 2 s for the 5-host
# lab, JVM start included), and the longest single step (from the --output json timings).
#
#   bench/up-bench.sh [LAB_NAME] [SUBNET]     (default: the default lab, "provision")
#
# Needs root (the lab boots containers). The lab is left up; `provision lab down --name NAME`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-provision}"
subnet="${2:-}"
lab_dir="/var/lib/provision/labs/$name"

"$root/provision" --version >/dev/null          # builds the jar first if sources changed
# Through the launcher, as a user runs it: with its class data sharing archive (PROVISION_CDS=off: without).
run() { "$root/provision" "$@"; }
now() { date +%s.%N; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

echo "lab $name: booting fresh hosts..." >&2
run lab down --name "$name" >&2
run lab up --name "$name" ${subnet:+--subnet "$subnet"} >&2
conn=(-i "$lab_dir/inventory.yaml" --known-hosts "$lab_dir/known_hosts")

t0=$(now); run up "${conn[@]}" -o json > /tmp/up-bench-first.json 2>/tmp/up-bench-first.log || {
  echo "first up failed, see /tmp/up-bench-first.log" >&2; exit 1; }
t1=$(now)
# The idempotent run, three times: first, and the best of three (the machine may be busy).
best=""
for i in 1 2 3; do
  s=$(now); run up "${conn[@]}" -o json > /tmp/up-bench-second.json 2>/dev/null; e=$(now)
  d=$(minus "$e" "$s")
  [ "$i" = 1 ] && second="$d"
  if [ -z "$best" ] || less "$d" "$best"; then best="$d"; fi
  changed=$(sed -n 's/.*"totals":{"ok":[0-9]*,"changed":\([0-9]*\).*/\1/p' /tmp/up-bench-second.json)
  [ "$changed" = 0 ] || { echo "idempotent run $i changed $changed steps" >&2; exit 1; }
done
longest=$(grep -o '"longest_step":{[^}]*}' /tmp/up-bench-first.json)

printf 'first up (bare hosts):       %6.1f s\n' "$(minus "$t1" "$t0")"
printf 'second up (0 changed):       %6.2f s  (best of 3: %.2f s)\n' "$second" "$best"
printf 'longest step of the first:   %s s  (%s on %s)\n' \
  "$(echo "$longest" | field seconds)" \
  "$(echo "$longest" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')" \
  "$(echo "$longest" | sed -n 's/.*"host":"\([^"]*\)".*/\1/p')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
