-- The heartbeat of each job execution: the host and process id of the JVM that runs it and when
-- that JVM last said it was alive (the database's clock). A STARTED execution whose heartbeat has
-- gone stale, or whose process is known dead, was left behind by a crashed JVM: `recover` marks it
-- FAILED so that it can be restarted. Created with the skip log, beside the Spring Batch tables.
-- One DDL for PostgreSQL and H2. ${schema} is replaced by the validated job-repository schema name.
CREATE TABLE IF NOT EXISTS ${schema}.ATHLETE_HEARTBEAT (
    JOB_EXECUTION_ID BIGINT       NOT NULL PRIMARY KEY,
    HOST             VARCHAR(255) NOT NULL,
    PID              BIGINT       NOT NULL,
    STARTED_AT       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    LAST_BEAT        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ENDED_AT         TIMESTAMP WITH TIME ZONE
);
