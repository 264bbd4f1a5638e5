-- Throughput per step execution, newest first: items read and written, duration, items/s and the
-- mean time per commit (chunk). Optionally one job with -v job=NAME. In psql:
--   psql "$DATABASE_URL" -v batch_schema=batch -f sql/monitoring/throughput.sql
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?job}
\else
\set job ''
\endif
\if :{?limit}
\else
\set limit 20
\endif
SELECT t.execution_id, t.job_name, t.step_name, t.status, t.read_count, t.write_count, t.commit_count,
       round(t.elapsed_s, 1) AS elapsed_s,
       round(t.read_count / nullif(t.elapsed_s, 0), 1) AS items_per_s,
       round(1000 * t.elapsed_s / nullif(t.commit_count, 0)) AS ms_per_commit
FROM (
    SELECT s.JOB_EXECUTION_ID AS execution_id, i.JOB_NAME AS job_name, s.STEP_NAME AS step_name,
           s.STEP_EXECUTION_ID AS step_execution_id, s.STATUS AS status, s.READ_COUNT AS read_count,
           s.WRITE_COUNT AS write_count, s.COMMIT_COUNT AS commit_count,
           extract(epoch FROM (coalesce(s.END_TIME, LOCALTIMESTAMP) - s.START_TIME)) AS elapsed_s
    FROM :"batch_schema".BATCH_STEP_EXECUTION s
    JOIN :"batch_schema".BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
    JOIN :"batch_schema".BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
    WHERE (:'job' = '' OR i.JOB_NAME = :'job') AND s.READ_COUNT > 0
) t
ORDER BY t.step_execution_id DESC
LIMIT :limit;
