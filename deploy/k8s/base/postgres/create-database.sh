#!/bin/sh
# Init container of every ucfleet pod: wait for PostgreSQL, then create the pod's own database
# ($UCFLEET_DATABASE, e.g. cucm-pub-0 or cluster-sync) if it does not exist yet. Connection from
# the standard PG* variables (PGHOST, PGUSER, PGPASSWORD).
set -eu
: "${UCFLEET_DATABASE:?UCFLEET_DATABASE (the database to create) is not set}"
until pg_isready -q -d postgres; do
    echo "waiting for PostgreSQL at ${PGHOST:-localhost} ..."
    sleep 2
done
exists=$(psql -d postgres -tA -v db="$UCFLEET_DATABASE" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
)
if [ "$exists" = 1 ]; then
    echo "database $UCFLEET_DATABASE exists"
else
    psql -d postgres -v ON_ERROR_STOP=1 -v db="$UCFLEET_DATABASE" <<'SQL'
CREATE DATABASE :"db";
SQL
    echo "created database $UCFLEET_DATABASE"
fi
