-- 0001 foundation: roles, schemas, privileges, and the migration ledger.
--
-- Roles (cluster-wide, NOLOGIN groups; logins are made members of them):
--   liaison_owner  owns every object; migrations run as it (all files after this one).
--   liaison_app    what the server runs as: reads and writes rows, owns nothing,
--                  so row-level security applies to it.
--   liaison_bi     BI tools: SELECT on the bi schema and nothing else.
-- On a managed PostgreSQL where the migrating login may not create roles, run
-- migrate with LIAISON_MANAGE_ROLES=off after creating the roles as
-- docs/database.md shows; this file then only checks that they exist.

DO $$
DECLARE
    manage boolean := coalesce(nullif(current_setting('liaison.manage_roles', true), ''), 'on') <> 'off';
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['liaison_owner', 'liaison_app', 'liaison_bi'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            IF NOT manage THEN
                RAISE EXCEPTION 'role % does not exist', role_name
                    USING HINT = 'Create the Liaison roles first (docs/database.md), or migrate with LIAISON_MANAGE_ROLES=on as a login that may create roles.';
            END IF;
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database of this cluster created it at the same moment
            END;
        END IF;
    END LOOP;

    IF manage THEN
        -- The migrating login acts as the owner from the next migration on.
        IF NOT pg_has_role(current_user, 'liaison_owner', 'MEMBER') THEN
            EXECUTE format('GRANT liaison_owner TO %I', current_user);
        END IF;
        EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO liaison_owner', current_database());
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO liaison_app, liaison_bi', current_database());
    ELSIF NOT pg_has_role(current_user, 'liaison_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'the login % is not a member of liaison_owner', current_user
            USING HINT = 'GRANT liaison_owner TO the login that runs migrations (docs/database.md).';
    END IF;
END
$$;

CREATE SCHEMA liaison AUTHORIZATION liaison_owner;
CREATE SCHEMA bi AUTHORIZATION liaison_owner;
CREATE SCHEMA audit AUTHORIZATION liaison_owner;

SET LOCAL ROLE liaison_owner;

COMMENT ON SCHEMA liaison IS 'Liaison''s tables: written by the application role under row-level security.';
COMMENT ON SCHEMA bi IS 'Views for BI tools: a stable, documented contract readable by liaison_bi.';
COMMENT ON SCHEMA audit IS 'Append-only audit trail of every mutation.';

REVOKE ALL ON SCHEMA liaison, bi, audit FROM PUBLIC;
GRANT USAGE ON SCHEMA liaison, audit TO liaison_app;
GRANT USAGE ON SCHEMA bi TO liaison_app, liaison_bi;

-- Privileges of objects created by later migrations (all run as liaison_owner).
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA liaison
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO liaison_app;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA liaison
    GRANT USAGE, SELECT ON SEQUENCES TO liaison_app;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA liaison
    GRANT EXECUTE ON FUNCTIONS TO liaison_app;
-- The audit trail is append-only for the application.
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA audit
    GRANT SELECT, INSERT ON TABLES TO liaison_app;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA audit
    GRANT USAGE, SELECT ON SEQUENCES TO liaison_app;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA bi
    GRANT SELECT ON TABLES TO liaison_app, liaison_bi;
ALTER DEFAULT PRIVILEGES FOR ROLE liaison_owner IN SCHEMA bi
    GRANT EXECUTE ON FUNCTIONS TO liaison_app, liaison_bi;

CREATE TABLE liaison.schema_migration (
    version     integer PRIMARY KEY CHECK (version > 0),
    file_name   text NOT NULL UNIQUE CHECK (file_name ~ '^[0-9]{4}_[a-z0-9_]+\.sql$'),
    checksum    text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text NOT NULL DEFAULT session_user,
    duration_ms integer NOT NULL CHECK (duration_ms >= 0)
);
COMMENT ON TABLE liaison.schema_migration IS 'One row per applied sql/NNNN_*.sql file, with the SHA-256 it had when applied.';

-- The server reads the ledger for /ready; only migrations write it.
REVOKE INSERT, UPDATE, DELETE ON liaison.schema_migration FROM liaison_app;
