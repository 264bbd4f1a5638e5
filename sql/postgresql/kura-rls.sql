-- kura row-level security and the worker role, as upstream (PostgreSQL only; run after
-- domain-schema.sql, as a superuser or a role with CREATEROLE that owns events and projections).
--
-- RLS is enabled and FORCED on events and projections, so even the table owner is filtered by
-- current_setting('kura.current_user_id', true). Superusers and BYPASSRLS roles are not filtered.
-- app_worker is the cross-user worker role: LOGIN, BYPASSRLS, NOSUPERUSER. Grants and a password
-- are not set here (a later issue; e.g. ALTER ROLE app_worker PASSWORD '...').
--
-- Re-runnable: ENABLE/FORCE are idempotent, policies are dropped and re-created, the role is
-- created only when missing. The DO body is single-quoted (not $$) so that Spring's ScriptUtils,
-- which does not understand dollar quoting, splits this file correctly.

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS events_user_isolation ON events;
CREATE POLICY events_user_isolation ON events
    USING (user_id = current_setting('kura.current_user_id', true)::UUID);

DROP POLICY IF EXISTS events_user_insert ON events;
CREATE POLICY events_user_insert ON events
    FOR INSERT
    WITH CHECK (user_id = current_setting('kura.current_user_id', true)::UUID);

ALTER TABLE projections ENABLE ROW LEVEL SECURITY;
ALTER TABLE projections FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS projections_user_isolation ON projections;
CREATE POLICY projections_user_isolation ON projections
    USING (user_id = current_setting('kura.current_user_id', true)::UUID);

DO '
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ''app_worker'') THEN
        CREATE ROLE app_worker LOGIN BYPASSRLS NOSUPERUSER;
    END IF;
END
';
