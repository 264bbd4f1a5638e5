-- The items one execution left out (batch.ATHLETE_SKIP_LOG), in the order they were recorded: step,
-- table, row id, reason code and reason; optionally one reason code, a page at a time. The dashboard
-- runs this very file. In psql:
--   psql "$DATABASE_URL" -v batch_schema=batch -v execution_id=7 -v reason=invalid_data \
--        -v limit=100 -v offset=0 -f sql/monitoring/skip-rows.sql
\if :{?batch_schema}
\else
\set batch_schema batch
\endif
\if :{?execution_id}
\else
\set execution_id 0
\endif
\if :{?reason}
\else
\set reason ''
\endif
\if :{?limit}
\else
\set limit 100
\endif
\if :{?offset}
\else
\set offset 0
\endif
SELECT l.SKIP_ID AS skip_id, l.STEP_NAME AS step_name, l.TABLE_NAME AS table_name,
       l.ITEM_ID AS item_id, l.REASON_CODE AS reason_code, l.REASON AS reason,
       l.CREATED_AT AS created_at
FROM :"batch_schema".ATHLETE_SKIP_LOG l
WHERE l.JOB_EXECUTION_ID = :execution_id
  AND (:'reason' = '' OR l.REASON_CODE = :'reason')
ORDER BY l.SKIP_ID
LIMIT :limit OFFSET :offset;
