#!/bin/sh
# Runs once, when the PostgreSQL image initialises an empty data directory: creates the role
# every ucfleet process connects as. CREATEDB lets each pod create its own database at start
# (create-database.sh) without holding the superuser password.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v app_user="$UCFLEET_APP_USERNAME" -v app_password="$UCFLEET_APP_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN CREATEDB PASSWORD :'app_password';
SQL
