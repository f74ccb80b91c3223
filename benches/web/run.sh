#!/usr/bin/env bash
# The web workspace's pages at scale: 100,000 generated postings, 20,000 students and their cadres uploaded
# over gRPC and paired; each main page fetched many times as a signed-in cadre and as the League office.
# Usage: benches/web/run.sh [POSTINGS] [STUDENTS]   (release build; needs python3 with grpcio-tools)
set -euo pipefail
cd "$(dirname "$0")/../.."
postings="${1:-100000}"
students="${2:-20000}"
cargo build --release --locked -p matcher-grpc --bin matcher
work="${JINQIAO_WEB_DIR:-$(mktemp -d)}"
matcher="$PWD/target/release/matcher"
if [ ! -d "$work/data/index" ]; then
  "$matcher" generate --postings "$postings" --students "$students" --out "$work/gen" > /dev/null
  for source in yangfan xiaochi tuantuan national generic; do
    file=$(ls "$work/gen/$source".* | head -1)
    # Exit 1: some records rejected (generated files hold malformed copies on purpose), the rest kept.
    ("$matcher" ingest --index "$work/data/index" --source "$source" "$file" --json || [ $? -eq 1 ]) | tail -1
  done
fi
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/backend.token"
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/cadre-C00002.token"
cat > "$work/serve.toml" <<TOML
listen = "127.0.0.1:0"
web_listen = "127.0.0.1:0"
data_dir = "data"
[limits]
max_batch = 20000
max_message_bytes = 67108864
[[tokens]]
token = "$(cat "$work/backend.token")"
role = "backend"
[[tokens]]
token = "$(cat "$work/cadre-C00002.token")"
role = "cadre"
cadre = "C00002"
TOML
"$matcher" serve --config "$work/serve.toml" > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.out" && break; sleep 0.5; done
addr=$(grep -o "listening on .*" "$work/serve.out" | cut -d' ' -f3)
web=$(grep -o "workspace on .*" "$work/serve.out" | cut -d' ' -f3)
cat "$work/serve.out"
python3 benches/web/pages.py "$addr" "$web" "$work/backend.token" "$work/cadre-C00002.token" "$work/gen" \
  matcher-grpc/proto
kill -TERM $pid
wait $pid
echo "data kept in $work (JINQIAO_WEB_DIR=$work reuses it)"
