-- The claim and heartbeat of each partition run by a remote worker (issue 13): which worker
-- process runs the partition's step execution now (HOST, PID, and CLAIM, a token of that one run),
-- and when it last said it was alive (the database's clock). A worker takes a partition only with
-- a compare-and-set on this row: no row yet, or the holder's beat is stale, or its run ended; so
-- two workers never run one partition at once. The manager fails a STARTED partition whose holder
-- stopped beating. One DDL for PostgreSQL and H2; ${schema} is the validated job-repository schema.
CREATE TABLE IF NOT EXISTS ${schema}.ATHLETE_PARTITION_HEARTBEAT (
    STEP_EXECUTION_ID BIGINT       NOT NULL PRIMARY KEY,
    JOB_EXECUTION_ID  BIGINT       NOT NULL,
    HOST              VARCHAR(255) NOT NULL,
    PID               BIGINT       NOT NULL,
    CLAIM             VARCHAR(36)  NOT NULL,
    CLAIMED_AT        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    LAST_BEAT         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ENDED_AT          TIMESTAMP WITH TIME ZONE
);
