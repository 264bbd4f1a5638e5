-- The skip log: one row per item a job left out, with the reason. It sits beside the Spring Batch
-- tables (in their schema, never in the application's) and is created with them when missing.
-- ${schema} is replaced by the validated job-repository schema name.
CREATE TABLE IF NOT EXISTS ${schema}.ATHLETE_SKIP_LOG (
    SKIP_ID          BIGSERIAL PRIMARY KEY,
    JOB_EXECUTION_ID BIGINT       NOT NULL,
    STEP_NAME        VARCHAR(100) NOT NULL,
    TABLE_NAME       VARCHAR(100) NOT NULL,
    ITEM_ID          VARCHAR(100) NOT NULL,
    REASON_CODE      VARCHAR(100) NOT NULL,
    REASON           VARCHAR(2500) NOT NULL,
    CREATED_AT       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ATHLETE_SKIP_LOG_EXEC_IDX ON ${schema}.ATHLETE_SKIP_LOG (JOB_EXECUTION_ID);
