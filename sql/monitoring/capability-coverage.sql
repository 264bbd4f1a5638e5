-- Coverage: users with capability signals vs users with the full 4-key capability projection.
-- The runbook's query, unchanged (seeds/capability-estimation-backfill.md).
WITH target_users AS (
    SELECT DISTINCT user_id
    FROM events
    WHERE event_type IN ('set.logged', 'session.logged', 'set.corrected', 'external.activity_imported')
),
capability_projection AS (
    SELECT user_id,
           COUNT(DISTINCT key) FILTER (
               WHERE key IN ('strength_1rm', 'sprint_max_speed', 'jump_height', 'endurance_threshold')
           ) AS capability_key_count
    FROM projections
    WHERE projection_type = 'capability_estimation'
    GROUP BY user_id
)
SELECT
    (SELECT COUNT(*) FROM target_users) AS users_with_capability_events,
    (SELECT COUNT(*) FROM capability_projection WHERE capability_key_count = 4)
        AS users_with_all_capability_keys,
    (
        SELECT COUNT(*)
        FROM target_users t
        LEFT JOIN capability_projection c ON c.user_id = t.user_id
        WHERE c.user_id IS NULL
    ) AS users_missing_capability_projection;
