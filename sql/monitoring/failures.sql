-- Executions that failed, stopped, were abandoned or are unknown, newest first, with the step that
-- ended them and its exit message (first 400 characters). In psql:
--   psql "$DATABASE_URL" -v batch_schema=batch -v limit=20 -f sql/monitoring/failures.sql
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?limit}
\else
\set limit 20
\endif
SELECT e.JOB_EXECUTION_ID AS execution_id, i.JOB_NAME AS job_name, e.STATUS AS status,
       e.EXIT_CODE AS exit_code, e.START_TIME AS start_time, e.END_TIME AS end_time,
       s.STEP_NAME AS step_name, s.STATUS AS step_status,
       left(coalesce(nullif(s.EXIT_MESSAGE, ''), e.EXIT_MESSAGE), 400) AS exit_message
FROM :"batch_schema".BATCH_JOB_EXECUTION e
JOIN :"batch_schema".BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
LEFT JOIN :"batch_schema".BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
     AND s.STATUS IN ('FAILED', 'STOPPED', 'ABANDONED', 'UNKNOWN')
WHERE e.STATUS IN ('FAILED', 'STOPPED', 'ABANDONED', 'UNKNOWN')
ORDER BY e.JOB_EXECUTION_ID DESC, s.STEP_EXECUTION_ID
LIMIT :limit;
