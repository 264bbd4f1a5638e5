-- Progress of capability estimation runs, from the job repository: what the runbook's
-- background_jobs queries answered (controller job status per source; fan-out progress).
-- Runs in psql against the job-repository schema (default: batch). Set the source with
--   \set source 'manual.capability_backfill'
-- (or replace :'source' below).

-- Runs per source and status (the runbook's "queue progress for the backfill controller job").
SELECT p.PARAMETER_VALUE AS source, e.STATUS AS status, count(*) AS runs,
       max(e.START_TIME) AS last_start
FROM batch.BATCH_JOB_EXECUTION e
JOIN batch.BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
JOIN batch.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'source'
WHERE i.JOB_NAME = 'capabilityEstimation'
GROUP BY p.PARAMETER_VALUE, e.STATUS
ORDER BY p.PARAMETER_VALUE, e.STATUS;

-- Users done so far in the latest run of a source (the runbook's "fan-out projection updates"):
-- users read, estimated, filtered as unchanged, skipped; commits; and the percentage of the
-- users counted when the step started (progress.total in the step's execution context).
SELECT e.JOB_EXECUTION_ID, e.STATUS AS job_status, s.STEP_NAME, s.STATUS AS step_status,
       s.READ_COUNT AS users_read, s.WRITE_COUNT AS users_estimated, s.FILTER_COUNT AS users_unchanged,
       s.PROCESS_SKIP_COUNT + s.WRITE_SKIP_COUNT + s.READ_SKIP_COUNT AS skips, s.COMMIT_COUNT,
       substring(c.SHORT_CONTEXT from '"progress\.total":\D*([0-9]+)')::bigint AS users_total,
       round(100.0 * s.READ_COUNT / NULLIF(substring(c.SHORT_CONTEXT from '"progress\.total":\D*([0-9]+)')::bigint, 0), 1)
           AS pct_done,
       s.START_TIME, coalesce(s.END_TIME, now()) - s.START_TIME AS elapsed
FROM batch.BATCH_JOB_EXECUTION e
JOIN batch.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
     AND p.PARAMETER_NAME = 'source' AND p.PARAMETER_VALUE = :'source'
JOIN batch.BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME = 'estimateCapabilities'
LEFT JOIN batch.BATCH_STEP_EXECUTION_CONTEXT c ON c.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID
ORDER BY e.JOB_EXECUTION_ID DESC
LIMIT 5;

-- Events left out of estimates, per reason, for the latest run of a source.
SELECT l.REASON_CODE, count(*) AS events
FROM batch.ATHLETE_SKIP_LOG l
WHERE l.JOB_EXECUTION_ID = (
    SELECT max(e.JOB_EXECUTION_ID) FROM batch.BATCH_JOB_EXECUTION e
    JOIN batch.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
         AND p.PARAMETER_NAME = 'source' AND p.PARAMETER_VALUE = :'source')
GROUP BY l.REASON_CODE
ORDER BY events DESC;
