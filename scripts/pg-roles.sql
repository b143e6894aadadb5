-- Two PostgreSQL roles for the portfolio (README: Running in production). Run once as a
-- superuser, e.g.
--   sudo -u postgres psql -v db=portfolio -v owner=portfolio_owner -v app=portfolio_app \
--        -v owner_password="$OWNER_PW" -v app_password="$APP_PW" -f scripts/pg-roles.sql
--
-- owner: owns the database and every table; runs `manage.py migrate` (and backups).
-- app:   the running service (gunicorn, db_worker); owns nothing, so it cannot TRUNCATE,
--        ALTER TABLE … DISABLE TRIGGER, DROP or grant. Its table rights are given by
--        `manage.py grant_runtime_role` after every migrate (automatic when migrate runs with
--        DB_RUNTIME_ROLE=<app>): SELECT/INSERT/UPDATE/DELETE on the tables, only
--        SELECT/INSERT on the audit trail.
\set ON_ERROR_STOP on

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"owner";
GRANT CONNECT ON DATABASE :"db" TO :"app";

\connect :"db"
-- Only the owner creates objects; the app uses the schema.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
