#!/usr/bin/env bash
# Load test of `matcher serve` on loopback: 100,000 generated postings, 20,000 students; `grpc-load` measures
# Recommend requests/s and latency percentiles, with grpc.health Check as the in-run baseline.
# Usage: benches/grpc/run.sh [POSTINGS] [STUDENTS] [extra grpc-load flags…]   (release build; ~5 min at 100,000)
set -euo pipefail
cd "$(dirname "$0")/../.."
postings="${1:-100000}"
students="${2:-20000}"
shift $(( $# > 2 ? 2 : $# )) || true
cargo build --release --locked -p matcher-grpc -p jinqiao-benches --bin matcher --bin grpc-load
work="${JINQIAO_LOAD_DIR:-$(mktemp -d)}"
matcher="$PWD/target/release/matcher"
if [ ! -d "$work/data/index" ]; then
  "$matcher" generate --postings "$postings" --students "$students" --out "$work/gen" > /dev/null
  for source in yangfan xiaochi tuantuan national generic; do
    file=$(ls "$work/gen/$source".* | head -1)
    # Exit 1: some records rejected (generated files hold malformed copies on purpose), the rest kept.
    ("$matcher" ingest --index "$work/data/index" --source "$source" "$file" --json || [ $? -eq 1 ]) | tail -1
  done
fi
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/token"
cat > "$work/serve.toml" <<TOML
listen = "127.0.0.1:0"
data_dir = "data"
[limits]
max_batch = 20000
max_message_bytes = 67108864
[[tokens]]
token = "$(cat "$work/token")"
role = "backend"
TOML
"$matcher" serve --config "$work/serve.toml" > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.out" && break; sleep 0.5; done
addr=$(grep -o "listening on .*" "$work/serve.out" | cut -d' ' -f3)
cat "$work/serve.out"
"$PWD/target/release/grpc-load" --addr "$addr" --token-file "$work/token" --students "$work/gen/students.jsonl" \
  --server-pid "$pid" "$@"
kill -TERM $pid
wait $pid
echo "data kept in $work (JINQIAO_LOAD_DIR=$work reuses it)"
