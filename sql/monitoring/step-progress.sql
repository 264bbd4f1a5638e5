-- Progress of the steps of running executions (or of one execution: -v execution_id=N): read,
-- written, filtered, skipped, commits; the percentage of the eligible rows the step counted when
-- it started (progress.total in its execution context, stored as JSON); items/s and ETA; for an
-- llm or hybrid run, the model calls and tokens of the committed rows (llmCalls, llmTokensIn/Out).
-- The value is read from the context's JSON text ({"progress.total":["java.lang.Long",170],…}) with
-- regexp_replace, which PostgreSQL and H2 both have. `status` runs this very file. In psql:
--   psql "$DATABASE_URL" -v batch_schema=batch -f sql/monitoring/step-progress.sql
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?execution_id}
\else
\set execution_id 0
\endif
SELECT t.execution_id, t.step_name, t.status, t.read_count, t.write_count, t.filter_count, t.skip_count,
       t.commit_count, t.rollback_count, t.total,
       t.key_from, t.key_to, t.worker_host, t.worker_pid, t.worker_thread,
       t.llm_calls, t.llm_tokens_in, t.llm_tokens_out,
       round(100.0 * t.read_count / nullif(t.total, 0), 1) AS pct_done,
       round(t.elapsed_s) AS elapsed_s,
       round(t.read_count / nullif(t.elapsed_s, 0), 1) AS items_per_s,
       CASE WHEN t.end_time IS NULL AND t.read_count > 0 AND t.total > t.read_count
            THEN round((t.total - t.read_count) * t.elapsed_s / t.read_count) END AS eta_s
FROM (
    SELECT s.JOB_EXECUTION_ID AS execution_id, s.STEP_EXECUTION_ID AS step_execution_id,
           s.STEP_NAME AS step_name, s.STATUS AS status,
           s.READ_COUNT AS read_count, s.WRITE_COUNT AS write_count, s.FILTER_COUNT AS filter_count,
           s.READ_SKIP_COUNT + s.PROCESS_SKIP_COUNT + s.WRITE_SKIP_COUNT AS skip_count,
           s.COMMIT_COUNT AS commit_count, s.ROLLBACK_COUNT AS rollback_count, s.END_TIME AS end_time,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"progress.total":%'
                THEN CAST(regexp_replace(c.SHORT_CONTEXT, '^.*"progress\.total":\D*([0-9]+).*$', '\1') AS BIGINT)
           END AS total,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"partition.from":"%'
                THEN regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.from":"([^"]*)".*$', '\1')
           END AS key_from,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"partition.to":"%'
                THEN regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.to":"([^"]*)".*$', '\1')
           END AS key_to,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"partition.worker.host":"%'
                THEN regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.worker\.host":"([^"]*)".*$', '\1')
           END AS worker_host,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"partition.worker.pid":%'
                THEN CAST(regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.worker\.pid":\D*([0-9]+).*$', '\1') AS BIGINT)
           END AS worker_pid,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"partition.worker.thread":"%'
                THEN regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.worker\.thread":"([^"]*)".*$', '\1')
           END AS worker_thread,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"llmCalls":%'
                THEN CAST(regexp_replace(c.SHORT_CONTEXT, '^.*"llmCalls":\D*([0-9]+).*$', '\1') AS BIGINT)
           END AS llm_calls,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"llmTokensIn":%'
                THEN CAST(regexp_replace(c.SHORT_CONTEXT, '^.*"llmTokensIn":\D*([0-9]+).*$', '\1') AS BIGINT)
           END AS llm_tokens_in,
           CASE WHEN c.SHORT_CONTEXT LIKE '%"llmTokensOut":%'
                THEN CAST(regexp_replace(c.SHORT_CONTEXT, '^.*"llmTokensOut":\D*([0-9]+).*$', '\1') AS BIGINT)
           END AS llm_tokens_out,
           extract(epoch FROM (coalesce(s.END_TIME, LOCALTIMESTAMP) - s.START_TIME)) AS elapsed_s
    FROM :"batch_schema".BATCH_STEP_EXECUTION s
    JOIN :"batch_schema".BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
    LEFT JOIN :"batch_schema".BATCH_STEP_EXECUTION_CONTEXT c ON c.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID
    WHERE (s.JOB_EXECUTION_ID = :execution_id
           OR (:execution_id = 0 AND e.STATUS IN ('STARTING', 'STARTED', 'STOPPING')))
) t
ORDER BY t.execution_id DESC, t.step_execution_id;
