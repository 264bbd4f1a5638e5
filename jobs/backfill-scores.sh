#!/usr/bin/env bash
# The seed's `pnpm backfill-scores` for this product: counts the rows without scores, asks
# (on a terminal; --yes runs unattended, --dry-run only counts), runs the scoreBackfill job with
# progress, and ends with a summary. Exits 0 only when the job COMPLETED. The database: --database-url,
# else $DATABASE_URL, else DATABASE_URL in ./.env, else the embedded H2 default (the first line says which).
#
#   jobs/backfill-scores.sh [--database-url URL] [--yes] [--dry-run] [--include-failed]
#                           [--rescore-older-than VERSION] [--since DATE] [--user ID]
#                           [--scorer deterministic|llm|hybrid] [--llm-provider openai|gemini]
#                           [--llm-model NAME] [--llm-base-url URL] [--llm-concurrency N] …
# (the model's key from OPENAI_API_KEY / GEMINI_API_KEY; see the README's "Scorers")
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/athlete-batch" backfill-scores "$@"
