#!/usr/bin/env bash
# The short GPU check of the bundled server (issue 4), for a machine with an NVIDIA GPU:
# the generated model served with --gpu cuda must report CUDA and stream a reply.
# Needs node_modules (carried or installed with `npm ci`); touches no network.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18080}
log=$(mktemp)
npm run -s fixtures -- tiny >/dev/null
node --import tsx src/cli/main.ts serve --model generated --gpu "${GPU:-cuda}" --port "$port" --parallel 2 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "gpu-check: the server exited"; cat "$log"; exit 1; }
  sleep 1
done
echo "--- server log"; cat "$log"
echo "--- health"; curl -sf "http://127.0.0.1:$port/health"; echo
echo "--- streamed reply"
curl -sfN "http://127.0.0.1:$port/v1/chat/completions" -H 'content-type: application/json' \
  -d '{"messages":[{"role":"user","content":"hello"}],"stream":true,"max_tokens":16,"stream_options":{"include_usage":true}}' | tail -n 4
[ "${GPU:-cuda}" != cuda ] && { echo "gpu-check: plumbing OK on ${GPU}"; exit 0; }
grep -qi cuda "$log" && echo "gpu-check: PASS (CUDA reported)" || { echo "gpu-check: FAIL (no CUDA in the server log)"; exit 1; }
