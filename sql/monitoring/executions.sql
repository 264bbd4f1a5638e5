-- Job executions, newest first: id, job, instance, status, exit code and message, start, end,
-- duration, parameters, the heartbeat of the JVM that runs (or ran) it, and for a partitioned run
-- (--partitions N) how many partitions it has, how many completed and how many processes ran them. `status` and
-- `executions` run this very file. In psql (every variable optional):
--   psql "$DATABASE_URL" -v batch_schema=batch -v job=scoreBackfill -v statuses=FAILED,STOPPED \
--        -v limit=20 -v since=2026-11-01 -v until=2026-11-30 -f sql/monitoring/executions.sql
-- since and until are dates (inclusive) of the execution's start (its creation while it starts).
-- heartbeat_age_s is by the database's clock; duration_s of a running execution assumes psql's
-- TimeZone is the jobs' (set PGTZ if it differs).
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?job}
\else
\set job ''
\endif
\if :{?statuses}
\else
\set statuses ''
\endif
\if :{?since}
\else
\set since ''
\endif
\if :{?until}
\else
\set until ''
\endif
\if :{?limit}
\else
\set limit 20
\endif
SELECT e.JOB_EXECUTION_ID AS execution_id,
       i.JOB_NAME AS job_name,
       e.JOB_INSTANCE_ID AS instance_id,
       e.STATUS AS status,
       e.EXIT_CODE AS exit_code,
       e.START_TIME AS start_time,
       e.END_TIME AS end_time,
       round(extract(epoch FROM (coalesce(e.END_TIME, LOCALTIMESTAMP) - e.START_TIME))) AS duration_s,
       (SELECT string_agg(p.PARAMETER_NAME || '=' || coalesce(p.PARAMETER_VALUE, ''), ', ' ORDER BY p.PARAMETER_NAME)
          FROM :"batch_schema".BATCH_JOB_EXECUTION_PARAMS p
         WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID) AS parameters,
       h.HOST AS heartbeat_host,
       h.PID AS heartbeat_pid,
       round(extract(epoch FROM (CURRENT_TIMESTAMP - h.LAST_BEAT))) AS heartbeat_age_s,
       -- A step that fails inside a split leaves the job's own message empty: show the step's.
       left(coalesce(nullif(e.EXIT_MESSAGE, ''),
                     (SELECT s.EXIT_MESSAGE FROM :"batch_schema".BATCH_STEP_EXECUTION s
                       WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.EXIT_MESSAGE <> ''
                         AND s.STATUS IN ('FAILED', 'STOPPED', 'UNKNOWN')
                       ORDER BY s.STEP_EXECUTION_ID FETCH FIRST 1 ROWS ONLY)), 500) AS exit_message,
       (SELECT count(*) FROM :"batch_schema".BATCH_STEP_EXECUTION s
         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME LIKE '%:partition%') AS partitions,
       (SELECT count(*) FROM :"batch_schema".BATCH_STEP_EXECUTION s
         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME LIKE '%:partition%'
           AND s.STATUS = 'COMPLETED') AS partitions_completed,
       (SELECT count(DISTINCT regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.worker\.host":"([^"]*)".*$', '\1')
                              || ' ' || regexp_replace(c.SHORT_CONTEXT, '^.*"partition\.worker\.pid":\D*([0-9]+).*$', '\1'))
          FROM :"batch_schema".BATCH_STEP_EXECUTION s
          JOIN :"batch_schema".BATCH_STEP_EXECUTION_CONTEXT c ON c.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID
         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME LIKE '%:partition%'
           AND c.SHORT_CONTEXT LIKE '%"partition.worker.host":"%') AS partition_workers
FROM :"batch_schema".BATCH_JOB_EXECUTION e
JOIN :"batch_schema".BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
LEFT JOIN :"batch_schema".ATHLETE_HEARTBEAT h ON h.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
WHERE (:'job' = '' OR i.JOB_NAME = :'job')
  AND (:'statuses' = '' OR position(',' || e.STATUS || ',' IN ',' || :'statuses' || ',') > 0)
  AND CAST(coalesce(e.START_TIME, e.CREATE_TIME) AS DATE)
      BETWEEN CAST(coalesce(nullif(:'since', ''), '1900-01-01') AS DATE)
          AND CAST(coalesce(nullif(:'until', ''), '9999-12-31') AS DATE)
ORDER BY e.JOB_EXECUTION_ID DESC
LIMIT :limit;
