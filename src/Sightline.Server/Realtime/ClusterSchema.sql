-- The tables and queries Orleans' ADO.NET clustering and grain storage read on PostgreSQL, written for Sightline's
-- cluster mode. Orleans only ever runs the statements stored in OrleansQuery, by key, binding parameters by name and
-- reading result columns by name; what follows keeps that contract (the keys, parameter and column names of the
-- providers' 10.x versions) with plain statements instead of stored functions. Safe to run again: tables are created
-- if missing and query texts replaced. ClusterSchema.EnsureAsync runs it in one transaction under an advisory lock.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- Membership: one version row per cluster (bumped by every membership change, Orleans' optimistic concurrency) and
-- one row per silo incarnation.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) PRIMARY KEY,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Grain state: one row per grain, its serialized state and a version (the ETag) checked on every write.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL,
    Version integer NOT NULL
);

-- One row per grain even when two activations race to write a grain's first state (split brain): the loser's insert
-- does nothing and it is told its version is stale.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, coalesce(GrainIdExtensionString, ''), ServiceId);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM created;
$q$),

-- A silo joins: its row is inserted only if the table version is the one the silo read, which is then bumped.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version::integer
        AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                        WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
    RETURNING DeploymentId),
inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM inserted;
$q$),

-- A silo's status changes (or it is suspected): the row changes only with the table version the caller read.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version::integer
        AND EXISTS (SELECT 1 FROM OrleansMembershipTable
                    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
    RETURNING DeploymentId),
updated AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1)
SELECT count(*)::integer FROM updated;
$q$),

-- The heartbeat: not versioned, never expected to fail.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

-- The version row comes back even when the silo has no row yet (left join).
('MembershipReadRowKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
    ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Gateways clients may connect to: the silos with the asked status (active) that have a gateway port.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),

-- Removing rows of silos declared dead (status 6) long ago; live or merely suspected silos are never removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6;
$q$),

('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation AND Status = 6;
$q$),

('ReadFromStorageKey', $q$
SELECT PayloadBinary, ModifiedOn, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString AND coalesce(GrainIdExtensionString, '') = coalesce(@GrainIdExtensionString, '')
    AND ServiceId = @ServiceId;
$q$),

-- A write carries the version it read: the row is updated only at that version (then +1), or inserted at version 1
-- when the caller read nothing. Any other case answers the caller's own version, which Orleans reports as a conflict.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString AND coalesce(GrainIdExtensionString, '') = coalesce(@GrainIdExtensionString, '')
        AND ServiceId = @ServiceId AND Version = @GrainStateVersion::integer
    RETURNING Version),
inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version)
SELECT coalesce((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer) AS NewGrainStateVersion;
$q$),

('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString AND coalesce(GrainIdExtensionString, '') = coalesce(@GrainIdExtensionString, '')
    AND ServiceId = @ServiceId AND Version = @GrainStateVersion::integer
RETURNING Version AS NewGrainStateVersion;
$q$),

('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString AND coalesce(GrainIdExtensionString, '') = coalesce(@GrainIdExtensionString, '')
    AND ServiceId = @ServiceId AND Version = @GrainStateVersion::integer
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
