-- DealerFlow's membership schema for Orleans' ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet 10.4.2)
-- on PostgreSQL. The provider ships no scripts: it reads its statements by name from OrleansQuery and binds the
-- parameters @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @SuspectTimes,
-- @StartTime, @IAmAliveTime and @Version; it reads result columns by name. Applied by ClusterSchema.EnsureAsync in one
-- transaction under an advisory lock; every statement is idempotent, so it is safe to run on every silo start.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- One row per deployment (cluster id): the membership table's version, the optimistic-concurrency token every
-- membership write checks and bumps.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation). Status is Orleans' SiloStatus (3 = Active, 6 = Dead).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- The provider's two membership writes (InsertMembershipKey: a new silo row; UpdateMembershipKey: a row's status,
-- suspicions and liveness) are two named statements with different parameters, and each must be one
-- optimistic-concurrency step: write only if the caller saw the current version, then bump it. Both call this one
-- function, which differs between them only in the row statement. The version row is locked first, so two writers
-- serialise on it and the second sees the first's bump. Returns 1 when the row was written (and the version bumped), 0
-- when the version was stale, the new row already existed or the row to update did not.
CREATE OR REPLACE FUNCTION dealerflow_membership_write(
    p_insert boolean, p_deployment varchar, p_address varchar, p_port integer, p_generation integer,
    p_silo_name varchar, p_host_name varchar, p_status integer, p_proxy_port integer, p_suspect_times varchar,
    p_start_time timestamptz, p_alive timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    current_version integer;
BEGIN
    SELECT Version INTO current_version FROM OrleansMembershipVersionTable WHERE DeploymentId = p_deployment FOR UPDATE;
    IF current_version IS NULL OR current_version <> p_version THEN
        RETURN 0;
    END IF;
    IF p_insert THEN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_alive)
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    ELSE
        UPDATE OrleansMembershipTable
           SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_alive
         WHERE DeploymentId = p_deployment AND Address = p_address AND Port = p_port AND Generation = p_generation;
    END IF;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now() WHERE DeploymentId = p_deployment;
    RETURN 1;
END
$fn$;

-- Schema version 1's two write functions, kept as wrappers of the one above: a silo of the version-1 build reads its
-- named statements once, at its start, and keeps calling these while newer silos join during a rolling upgrade.
CREATE OR REPLACE FUNCTION dealerflow_membership_insert(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_start_time timestamptz, p_alive timestamptz,
    p_version integer)
RETURNS integer LANGUAGE sql AS $fn$
    SELECT dealerflow_membership_write(true, p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name,
        p_status, p_proxy_port, NULL, p_start_time, p_alive, p_version);
$fn$;

CREATE OR REPLACE FUNCTION dealerflow_membership_update(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect_times varchar, p_alive timestamptz, p_version integer)
RETURNS integer LANGUAGE sql AS $fn$
    SELECT dealerflow_membership_write(false, p_deployment, p_address, p_port, p_generation, NULL, NULL, p_status,
        NULL, p_suspect_times, NULL, p_alive, p_version);
$fn$;

-- The named statements, replaced on every run so an upgrade of this file reaches existing databases.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted;
$q$),
('InsertMembershipKey', $q$
    SELECT dealerflow_membership_write(true, @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
        @ProxyPort, NULL, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT dealerflow_membership_write(false, @DeploymentId, @Address, @Port, @Generation, NULL, NULL, @Status,
        NULL, @SuspectTimes, NULL, @IAmAliveTime, @Version);
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
