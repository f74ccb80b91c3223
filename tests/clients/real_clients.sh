#!/usr/bin/env bash
# Starts the README's main job (`matcher serve`, no arguments) in a fresh folder and calls it with real
# clients no one on the team wrote: grpcurl (reflection, Recommend) and Python grpcio (UpsertPostings,
# RecommendForCadre, ReportOutcome, Cases, Reports). Then stops it with SIGTERM and checks it exits 0.
# Usage: real_clients.sh MATCHER_BINARY
set -euo pipefail
matcher="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
proto="$here/../../matcher-grpc/proto"
work="$(mktemp -d)"
cd "$work"
"$matcher" serve > serve.out 2> serve.err &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" serve.out && break
  kill -0 $pid 2>/dev/null || { cat serve.out serve.err; echo "matcher serve exited early"; exit 1; }
  sleep 0.5
done
grep -q "listening on 127.0.0.1:50051" serve.out || { cat serve.out serve.err; exit 1; }
cat serve.out
addr=127.0.0.1:50051
token="$(cat jinqiao-serve-data/tokens/backend.token)"

echo "== grpcurl: services by reflection"
grpcurl -plaintext "$addr" list | tee services.txt
for service in matcher.v1.Postings matcher.v1.People matcher.v1.Matching matcher.v1.Outcomes matcher.v1.Cases matcher.v1.Reports grpc.health.v1.Health; do
  grep -qx "$service" services.txt || { echo "missing $service"; exit 1; }
done
grpcurl -plaintext "$addr" describe matcher.v1.Matching.Recommend | grep -q "RecommendRequest"
grpcurl -plaintext "$addr" grpc.health.v1.Health/Check | grep -q SERVING

echo "== grpcurl: Recommend"
student="$(grep -o '"student_id":"[^"]*"' serve.out | head -1 | cut -d'"' -f4)"
grpcurl -plaintext -H "authorization: Bearer $token" \
  -d "{\"student_id\":\"$student\",\"options\":{\"top\":3,\"day\":\"2026-11-01\"}}" \
  "$addr" matcher.v1.Matching/Recommend | tee recommend.json
python3 - recommend.json "$student" <<'PY'
import json, sys
answer = json.load(open(sys.argv[1]))
assert answer["studentId"] == sys.argv[2], answer
recs = answer.get("recommendations", [])
assert 1 <= len(recs) <= 3, recs
assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1)), recs
assert all(r["explanation"] and r["posting"]["title"] for r in recs), recs
print(f"ok: grpcurl Recommend gave {len(recs)} ranked, explained postings")
PY
if grpcurl -plaintext -d "{\"student_id\":\"$student\"}" "$addr" matcher.v1.Matching/Recommend 2> denied.txt; then
  echo "a call without a token was answered"; exit 1
fi
grep -q "Unauthenticated" denied.txt

echo "== python grpcio"
python3 "$here/python_client.py" "$addr" jinqiao-serve-data/tokens/backend.token "$proto"

echo "== matcher health, and Prometheus metrics of the calls above (127.0.0.1:50053)"
"$matcher" health --address "$addr"
python3 - <<'PY'
import urllib.request
text = urllib.request.urlopen("http://127.0.0.1:50053/metrics", timeout=30).read().decode()
ok = 'jinqiao_requests_total{transport="grpc",method="/matcher.v1.Matching/Recommend",status="0"}'
denied = 'jinqiao_requests_total{transport="grpc",method="/matcher.v1.Matching/Recommend",status="16"}'
assert ok in text and denied in text, text[:3000]
assert "jinqiao_request_duration_seconds_bucket{" in text and "jinqiao_catalog_postings " in text
print("ok: /metrics counts the Recommend calls by status")
PY

echo "== SIGTERM"
kill -TERM $pid
status=0
wait $pid || status=$?
cat serve.out | tail -1
[ "$status" -eq 0 ] || { echo "matcher serve exited with $status"; cat serve.err; exit 1; }
grep -q "stopped" serve.out
if grep -q "$token" serve.out serve.err; then echo "the token was printed"; exit 1; fi
# stderr is a file, not a terminal: the log is JSON lines, one per request among them.
python3 - serve.err "$student" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
requests = [l for l in lines if l.get("message") == "request"]
assert any(l["method"] == "/matcher.v1.Matching/Recommend" and l["status"] == "0" for l in requests), requests[:5]
assert not any(sys.argv[2] in json.dumps(l, ensure_ascii=False) for l in lines), "a student id was logged"
print(f"ok: {len(requests)} request lines in a JSON log, no student id")
PY

echo "== grpcurl over TLS (a CA and a server certificate made here with openssl)"
mkdir tls && cd tls
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=Jinqiao CI CA" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2> /dev/null
printf "subjectAltName=DNS:localhost,IP:127.0.0.1\n" > san.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile san.ext 2> /dev/null
tls_token="tls-backend-token-$(date +%s%N)"
cat > serve.toml <<TOML
listen = "127.0.0.1:0"
data_dir = "data"
seed_sample = true
[tls]
cert = "server.crt"
key = "server.key"
[[tokens]]
token = "$tls_token"
role = "backend"
TOML
"$matcher" serve --config serve.toml > tls.out 2> tls.err &
tls_pid=$!
trap 'kill -9 $pid $tls_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" tls.out && break
  kill -0 $tls_pid 2>/dev/null || { cat tls.out tls.err; echo "matcher serve (TLS) exited early"; exit 1; }
  sleep 0.5
done
tls_addr="$(grep -o 'listening on [0-9.:]*' tls.out | cut -d' ' -f3)"
grpcurl -cacert ca.crt -servername localhost "$tls_addr" grpc.health.v1.Health/Check | grep -q SERVING
grpcurl -cacert ca.crt -servername localhost -H "authorization: Bearer $tls_token" \
  -d '{"query":"会计","top":3}' "$tls_addr" matcher.v1.Postings/SearchPostings | grep -q '"title"'
if grpcurl -plaintext "$tls_addr" grpc.health.v1.Health/Check 2> /dev/null; then
  echo "plaintext was answered on the TLS port"; exit 1
fi
echo "ok: grpcurl over TLS"
kill -TERM $tls_pid
wait $tls_pid
echo "== real clients ok"
