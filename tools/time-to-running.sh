#!/usr/bin/env bash
# Seconds from launching `./ltv run` to Kafka Streams RUNNING (the first 200 from GET /health), with an
# empty JavaCPP cache, as in the module-split note (issue 14).
# Usage: tools/time-to-running.sh BOOTSTRAP_SERVERS BUNDLE [LAUNCHER]
#   BOOTSTRAP_SERVERS  a broker with topics ltv-events, ltv-scores, ltv-dlq (./ltv broker gives one)
#   BUNDLE             a model bundle file
#   LAUNCHER           the ltv launcher to time (default: this repository's ./ltv)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bootstrap=$1 bundle=$2 launcher=${3:-$root/ltv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 10000))
cat > "$work/scorer.properties" <<CONF
bootstrap.servers=$bootstrap
application.id=ltv-time-to-running-$RANDOM
num.stream.threads=1
num.standby.replicas=0
replication.factor=1
state.dir=$work/state
scorer.model.path=$bundle
scorer.model.watch.dir=
scorer.http.host=127.0.0.1
scorer.http.port=$port
scorer.http.tokens.file=
CONF
export LTV_SCORER_HTTP_TOKENS=reader:time-to-running LTV_JAVACPP_CACHE="$work/javacpp"
start=$(date +%s.%N)
"$launcher" run --config "$work/scorer.properties" > "$work/run.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "ltv run ended before RUNNING:" >&2; tail -n 20 "$work/run.log" >&2; exit 1; }
  sleep 0.1
done
end=$(date +%s.%N)
echo "$(echo "$end - $start" | bc) s to RUNNING; JavaCPP cache $(du -sh "$work/javacpp" 2>/dev/null | cut -f1 || echo none)"
pkill -TERM -P "$pid" 2>/dev/null || true
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
