#!/usr/bin/env bash
# Starts a local PostgreSQL for the store tests and prints the connection string for DEALERFLOW_TEST_PG.
# Idempotent: installs the server only when pg_ctlcluster is missing, starts the cluster only when it is down,
# and sets the password every time. Needs root (or passwordless sudo). Exports nothing: the caller does
#   export DEALERFLOW_TEST_PG="$(.ci/postgres.sh | tail -n 1)"
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

# The newest installed cluster (15 on the machine image).
read -r version cluster port status < <(pg_lsclusters --no-header | sort -k1,1nr | head -n 1 | awk '{print $1, $2, $3, $4}')
if [ -z "${version:-}" ]; then
    version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
    as_root pg_createcluster "$version" main >&2
    read -r version cluster port status < <(pg_lsclusters --no-header | sort -k1,1nr | head -n 1 | awk '{print $1, $2, $3, $4}')
fi
if [ "$status" != "online" ]; then
    as_root pg_ctlcluster "$version" "$cluster" start >&2
fi

# Wait until it accepts connections (up to 30 s).
for _ in $(seq 1 30); do
    if as_root su postgres -c "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done
as_root su postgres -c "psql -p $port -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2

echo "PostgreSQL $version/$cluster is online on port $port." >&2
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
