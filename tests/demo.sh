#!/usr/bin/env bash
# make demo: the bundled emulator with sample data on loopback, and origo on it.
# Usage: tests/demo.sh BUILD_DIR
set -u
build=${1:-build/normal}; [ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/origo-demo.XXXXXX)
cleanup() {
  [ -n "${emu_pid:-}" ] && kill "$emu_pid" 2>/dev/null
  [ -n "${listeners_pid:-}" ] && kill "$listeners_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Origins for p and w on loopback (tests/listeners/listeners.c): healthy,
# refusing, slow, self-signed TLS, flapping. demo.json names them on fixed
# ports (47801..47805); the listeners take free ones, written into a copy.
"$build/origo-listeners" --ports-file "$work/listeners" --flap-seconds 15 >"$work/listeners.log" 2>&1 &
listeners_pid=$!
for _ in $(seq 200); do [ -s "$work/listeners" ] && break; sleep 0.05; done
if [ ! -s "$work/listeners" ]; then
  echo "demo: the loopback listeners did not start:"; cat "$work/listeners.log"; exit 1
fi
port_of() { awk -v n="$1" '$1 == n { print $2 }' "$work/listeners"; }
sed -e "s/localhost:47801/localhost:$(port_of ok)/g" \
    -e "s/localhost:47802/localhost:$(port_of refused)/g" \
    -e "s/localhost:47803/localhost:$(port_of slow)/g" \
    -e "s/localhost:47804/localhost:$(port_of tls)/g" \
    -e "s/localhost:47805/localhost:$(port_of flap)/g" \
    -e "s/\"port\": 47801/\"port\": $(port_of ok)/g" \
    -e "s/\"port\": 47803/\"port\": $(port_of slow)/g" \
    -e "s/\"port\": 47805/\"port\": $(port_of flap)/g" \
    "$top/tests/emu/data/demo.json" >"$work/demo.json"

"$build/origo-emu" --port 0 --port-file "$work/port" --state "$work/demo.json" --quiet \
  >"$work/emu.log" 2>&1 &
emu_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
if [ ! -s "$work/port" ]; then
  echo "demo: the emulator did not start:"; cat "$work/emu.log"; exit 1
fi
port=$(cat "$work/port")

# The emulator's demo credentials (tests/README.md) live only in this
# process's environment, never in the config file.
export DEMO_GCORE_KEY=4242_emulatorkey
export DEMO_YC_TOKEN=y0_emulator-oauth-token     # OAuth: exchanged at iam_url
export DEMO_EDGIO_SECRET=origo-emu-secret
emu="http://127.0.0.1:$port"
umask 077
cat > "$work/config" <<CFG
# origo demo: one account of each provider, all on the bundled emulator on
# loopback. A switches accounts; :account NAME picks one.
default_account = "gcore-demo";
probe_interval = 3;
accounts = (
  { name = "gcore-demo"; provider = "gcore";
    api_url = "$emu"; api_key_env = "DEMO_GCORE_KEY"; },
  { name = "yandex-demo"; provider = "yandex";
    folder_id = "b1gemu0000000000000f"; token_env = "DEMO_YC_TOKEN";
    api_url = "$emu"; iam_url = "$emu"; operation_url = "$emu"; },
  { name = "edgio-demo"; provider = "edgio";
    platform = "http-large"; client_id = "origo-emu-client";
    client_secret_env = "DEMO_EDGIO_SECRET";
    api_url = "$emu"; token_url = "$emu/connect/token"; }
);
CFG

if [ ! -t 0 ] || [ ! -t 1 ]; then
  echo "demo: origo needs a terminal; the emulator is at http://127.0.0.1:$port"
  exit 1
fi
ORIGO_DATADIR="$top" "$build/origo" --config "$work/config" "$@"
