-- Items left out, per execution, step, table and reason (batch.ATHLETE_SKIP_LOG), with one example
-- reason each; one execution with -v execution_id=N. In psql:
--   psql "$DATABASE_URL" -v batch_schema=batch -f sql/monitoring/skips.sql
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?execution_id}
\else
\set execution_id 0
\endif
\if :{?limit}
\else
\set limit 50
\endif
SELECT l.JOB_EXECUTION_ID AS execution_id, i.JOB_NAME AS job_name, l.STEP_NAME AS step_name,
       l.TABLE_NAME AS table_name, l.REASON_CODE AS reason_code, count(*) AS skips,
       left(min(l.REASON), 200) AS example_reason
FROM :"batch_schema".ATHLETE_SKIP_LOG l
JOIN :"batch_schema".BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = l.JOB_EXECUTION_ID
JOIN :"batch_schema".BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
WHERE (:execution_id = 0 OR l.JOB_EXECUTION_ID = :execution_id)
GROUP BY l.JOB_EXECUTION_ID, i.JOB_NAME, l.STEP_NAME, l.TABLE_NAME, l.REASON_CODE
ORDER BY l.JOB_EXECUTION_ID DESC, skips DESC, l.REASON_CODE
LIMIT :limit;
