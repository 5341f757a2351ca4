#!/usr/bin/env bash
# A local Azure for your own shell: the loopback ARM serving a sample estate, with a throw-away az logged in.
#   eval "$(./scripts/local-azure.sh network)"   # start (estates: tests/localarm/estates/*.json; default tour)
#   az smtp explain-vm -g mail-rg -n nic-nsg-vm -o table
#   ./scripts/local-azure.sh stop                # stop it and delete its state
# Progress goes to stderr; stdout carries only the `export` lines. State lives in $SMTP_LOCAL_AZURE
# (default .local-azure/); SMTP_VENV picks another set-up venv (default .venv, made by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${SMTP_LOCAL_AZURE:-$PWD/.local-azure}
VENV=${SMTP_VENV:-$PWD/.venv}
ESTATE=${1:-tour}

stop() {
  if [ -f "$STATE/pid" ]; then
    kill "$(cat "$STATE/pid")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$STATE/pid")" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$STATE"
}

if [ "$ESTATE" = stop ]; then
  stop
  echo "Local Azure stopped." >&2
  exit 0
fi
[ -n "${SMTP_VENV:-}" ] || bash scripts/setup.sh >&2
stop  # one local Azure at a time
mkdir -p "$STATE"
"$VENV/bin/python" -m tests.localarm.serve "$ESTATE" --state-dir "$STATE" >"$STATE/serve.log" 2>&1 &
echo $! > "$STATE/pid"
tail -n +1 -f "$STATE/serve.log" --pid "$!" >&2 &
TAIL=$!
while [ ! -f "$STATE/env.sh" ]; do
  if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    kill "$TAIL" 2>/dev/null || true
    echo "The local Azure did not start; see the lines above ($STATE/serve.log)." >&2
    exit 1
  fi
  sleep 0.2
done
kill "$TAIL" 2>/dev/null || true
cat "$STATE/env.sh"
echo "Local Azure up (estate '$ESTATE'). Stop it with: ./scripts/local-azure.sh stop" >&2
