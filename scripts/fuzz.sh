#!/usr/bin/env bash
# Fuzz the REST API with schemathesis: the seeded demo behind gunicorn on 127.0.0.1, requests
# authenticated with a token of the demo administrator, bounded in examples and time.
# Fails on any server error (5xx) or any response that breaks the OpenAPI schema.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
tmp=$(mktemp -d /tmp/portfolio-fuzz.XXXXXX)
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL="${FUZZ_DATABASE_URL:-sqlite:///$tmp/fuzz.sqlite3}"
export ALLOWED_HOSTS=127.0.0.1 PUBLIC_FEED=1 QT_QPA_PLATFORM=offscreen
# Production settings (DEBUG off) with a throwaway key; plain HTTP on 127.0.0.1, no proxy.
SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY SECURE_SSL_REDIRECT=0 TRUST_X_FORWARDED_PROTO=0 SECURE_COOKIES=0 NUM_PROXIES=0
# No worker beside this server: background tasks run inside the request, where errors show.
export TASKS_IMMEDIATE=1
# Throttling is tested on its own; here it would only turn the run into 429s.
export THROTTLE_ANON=100000/hour THROTTLE_USER=100000/hour THROTTLE_FEED=100000/hour
export THROTTLE_PDF=100000/hour THROTTLE_REPORTS=100000/hour
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo >/dev/null
token=$($PY manage.py drf_create_token demo-admin | awk '{print $3}')
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers 2 --timeout 60 \
  --log-level warning >"$tmp/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 1 50); do
  $PY -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api/schema/', timeout=2)" \
    2>/dev/null && break
  sleep 0.2
done
status=0
.venv/bin/schemathesis run "http://127.0.0.1:$port/api/schema/" \
  --header "Authorization: Token $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${FUZZ_EXAMPLES:-15}" --max-time "${FUZZ_SECONDS:-600}" \
  --request-timeout 60 --workers 1 --suppress-health-check all --warnings off \
  --seed "${FUZZ_SEED:-2019}" --generation-deterministic || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last lines) ---"; tail -40 "$tmp/server.log"
fi
exit "$status"
