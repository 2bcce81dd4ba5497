#!/usr/bin/env bash
# Measurement of the sample services' publish/subscribe path on loopback (not a test, no lab):
# a real nats-server, a fake Consul health API (python3) naming it, 2 web replicas and 1 orders
# from the built jars; COUNT orders POSTed at RATE/s, optionally with the broker killed and
# started again on its port halfway through; then what each web replica received.
#
#   bench/pubsub-loopback.sh [COUNT] [RATE] [restart]      (default 200 50; COUNT <= 5000, RATE <= 500)
#
# Prints per replica the queue-group and fan-out counts, events lost (accepted by orders but
# processed by no queue member), duplicates, and the publish-to-delivery latency p50/p99.
# Needs nats-server (apt-get install nats-server), python3, curl, java. Listens on loopback only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-200}"; rate="${2:-50}"; restart="${3:-}"
[[ "$count" =~ ^[0-9]+$ && "$count" -ge 1 && "$count" -le 5000 ]] || { echo "COUNT: 1-5000" >&2; exit 2; }
[[ "$rate" =~ ^[0-9]+$ && "$rate" -ge 1 && "$rate" -le 500 ]] || { echo "RATE: 1-500" >&2; exit 2; }
[[ -z "$restart" || "$restart" == restart ]] || { echo "third argument: 'restart' or nothing" >&2; exit 2; }
for tool in nats-server python3 curl java; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
"$root/provision" --version >/dev/null          # builds the jars first if sources changed
web_jar="$root/target/provision-service.jar"; orders_jar="$root/target/provision-orders.jar"

work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
read -r nats_port consul_port web1 web2 orders_port < <(python3 -c '
import socket; s=[socket.socket() for _ in range(5)]
[x.bind(("127.0.0.1", 0)) for x in s]; print(*[x.getsockname()[1] for x in s])')

start_nats() { nats-server -a 127.0.0.1 -p "$nats_port" >>"$work/nats.log" 2>&1 & nats_pid=$!; pids+=("$nats_pid"); }
start_nats
python3 - "$consul_port" "$nats_port" >"$work/consul.log" 2>&1 <<'PY' &
import http.server, json, sys
port, nats = int(sys.argv[1]), int(sys.argv[2])
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps([{"Node": {"Address": "127.0.0.1"}, "Service": {"Address": "", "Port": nats}}]).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", port), Health).serve_forever()
PY
pids+=($!)
broker=(--bind 127.0.0.1 --drain-seconds 0 --broker-service nats --consul-http "http://127.0.0.1:$consul_port")
java -Xmx64m -jar "$web_jar" --port "$web1" --replica web-1 "${broker[@]}" >"$work/web-1.log" 2>&1 & pids+=($!)
java -Xmx64m -jar "$web_jar" --port "$web2" --replica web-2 "${broker[@]}" >"$work/web-2.log" 2>&1 & pids+=($!)
java -Xmx64m -jar "$orders_jar" --port "$orders_port" --replica orders-1 "${broker[@]}" >"$work/orders.log" 2>&1 & pids+=($!)

connected() { curl -s --max-time 1 "http://127.0.0.1:$1$2" | grep -q '"broker":"connected"'; }
for _ in $(seq 1 150); do         # at most 30 s
  connected "$web1" /events && connected "$web2" /events && connected "$orders_port" /orders && break
  sleep 0.2
done
connected "$web1" /events && connected "$web2" /events && connected "$orders_port" /orders \
  || { echo "services not connected to the broker within 30 s" >&2; tail -n 5 "$work"/*.log >&2; exit 1; }

batch="bench-$RANDOM$RANDOM"; accepted=0; t0=$(date +%s%N)
for i in $(seq 1 "$count"); do
  if [[ -n "$restart" && "$i" -eq $(( (count + 1) / 2 )) ]]; then
    kill "$nats_pid"; wait "$nats_pid" 2>/dev/null || true; start_nats
    echo "broker killed and started again before event $i" >&2
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "http://127.0.0.1:$orders_port/orders" \
         -d "{\"batch\":\"$batch\"}" || true)
  [[ "$code" == 202 ]] && accepted=$((accepted + 1))
  next=$(( t0 + i * 1000000000 / rate )); now=$(date +%s%N)
  (( now < next )) && sleep "$(awk -v d=$(( next - now )) 'BEGIN { printf "%.3f", d / 1e9 }')"
done
took=$(( ($(date +%s%N) - t0) / 1000000 ))
sleep 3                            # delivery on loopback takes milliseconds; reconnection up to ~1 s
curl -s --max-time 5 "http://127.0.0.1:$web1/events?batch=$batch" >"$work/web-1.json"
curl -s --max-time 5 "http://127.0.0.1:$web2/events?batch=$batch" >"$work/web-2.json"
echo "$count orders POSTed in $took ms (target $rate/s)${restart:+, broker restarted halfway}; $accepted answered 202"
python3 - "$accepted" "$work/web-1.json" "$work/web-2.json" <<'PY'
import json, sys
accepted = int(sys.argv[1]); queue = []; latency = []
for path in sys.argv[2:]:
    e = json.load(open(path)); q, f = e["queue"], e["fanout"]
    queue += q["ids"]; latency += q["latency_ms"]
    print(f'{e["replica"]}: queue {len(q["ids"])}, fan-out {len(f["ids"])} ({len(set(f["ids"]))} distinct)')
print(f"queue group: {len(queue)} processed, {len(queue) - len(set(queue))} duplicates, "
      f"{accepted - len(set(queue))} lost of {accepted} accepted")
latency.sort()
if latency:
    pick = lambda p: latency[min(len(latency) - 1, int(len(latency) * p))]
    print(f"latency ms (publish to queue delivery): p50 {pick(0.5)}, p99 {pick(0.99)}, max {latency[-1]}")
PY
