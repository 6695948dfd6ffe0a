-- Accord on PostgreSQL with an application role that does not own the tables
-- (docs/operator-guide.md, "A role that cannot rewrite the records").
--
-- accord_owner owns the schema: it runs `accord migrate`, `accord backup` and
-- `accord restore`. accord_app is what `accord serve` and the task worker connect as:
-- it reads and writes the ordinary tables, but on the append-only tables it may only
-- INSERT and SELECT. Not being their owner, it can neither drop nor disable their
-- triggers, nor TRUNCATE them.
--
-- Run as a superuser, once, then after every `accord migrate` (new tables need grants):
--   psql -v ON_ERROR_STOP=1 -d accord -f tools/postgres-roles.sql
-- Set the passwords with \password accord_owner and \password accord_app.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'accord_owner') THEN
    CREATE ROLE accord_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'accord_app') THEN
    CREATE ROLE accord_app LOGIN;
  END IF;
END $$;

ALTER DATABASE :"DBNAME" OWNER TO accord_owner;  -- the database psql is connected to
ALTER SCHEMA public OWNER TO accord_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO accord_app;

-- Tables made before this script by another role: hand them to the owner.
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I OWNER TO accord_owner', t.tablename);
  END LOOP;
END $$;

-- Everything, then less on the append-only tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO accord_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO accord_app;

DO $$
DECLARE
  t text;
  append_only text[] := ARRAY[
    'audit_event', 'audit_chainlink',
    'resources_ledgerentry',
    'partnerships_chartersignature',
    'decisions_ballot', 'decisions_participation',
    'results_benefit',
    'surveys_respondent', 'surveys_submission', 'surveys_answer'
  ];
BEGIN
  FOREACH t IN ARRAY append_only LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public.%I FROM accord_app', t);
  END LOOP;
END $$;

-- A decision's rationale is written once after the decision: that column only.
REVOKE UPDATE, DELETE, TRUNCATE ON public.decisions_decision FROM accord_app;
GRANT UPDATE (rationale) ON public.decisions_decision TO accord_app;

-- Tables that later migrations create (as accord_owner) get the ordinary grants;
-- re-run this script after such a migration if it adds an append-only table.
ALTER DEFAULT PRIVILEGES FOR ROLE accord_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO accord_app;
ALTER DEFAULT PRIVILEGES FOR ROLE accord_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO accord_app;
