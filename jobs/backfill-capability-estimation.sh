#!/usr/bin/env bash
# The runbook's one-shot capability estimation backfill, as this product's job. Keeps the seed's
# contract: prints already_inflight (a run with the same --source is going; exit 0),
# no_capability_seed_user, completed:<execution id>, or failed:<execution id> with the restart
# command (exit non-zero); then, unless --no-verify, the runbook's coverage and lag results.
# Records the run in kura's background_jobs (inference.capability_backfill) where that table exists.
# The database: --database-url, else $DATABASE_URL, else DATABASE_URL in ./.env.
#
#   jobs/backfill-capability-estimation.sh --database-url "$DATABASE_URL" [--source LABEL]
#       [--no-verify] [--users ID,ID] [--changed-only]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/athlete-batch" capability-backfill "$@"
