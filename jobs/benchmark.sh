#!/usr/bin/env bash
# The benchmark: both jobs against the database floor and the seeds' per-item patterns, the heap
# at -Xmx256m and a restart at 50 %, on fresh databases of its own (athlete_bench_*) on a
# PostgreSQL server, dropped afterwards (also on failure or Ctrl-C). Prints a Markdown table.
#
#   jobs/benchmark.sh [--database-url URL] [--workouts N] [--events M] [--users U]
#                     [--per-item-sample ROWS] [--unit-sample-users USERS] [--max-heap 256m]
#
# Default: the local server, postgresql://postgres@127.0.0.1:5432/postgres; N = M = 1,000,000, U = 10,000.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/athlete-batch" benchmark "$@"
