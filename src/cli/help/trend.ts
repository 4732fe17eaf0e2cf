// chatproof trend: usage and options.
export const TREND_HELP = `Usage: chatproof trend <run...> [--out DIR] [options]

Draws how a scenario's latency and context accuracy moved across runs (releases): P50 and P95
of time to first token and end-to-end latency (ms) and context accuracy (%), one point per run,
oldest to newest by start time. Each <run> is a run folder, a results.json, or a folder of run
folders (e.g. the last main-branch runs kept as CI artifacts); a run given twice counts once.
Writes trend.html (self-contained) and trend.png, and prints the figures as a table.

  --out DIR              where to write trend.html and trend.png (default: trend)
  --last N               only the newest N runs
  --width PX             PNG width in pixels (default 1000)
  --quiet                print nothing but errors

The same chart is in compare.html (and trend.png beside it) when "chatproof gate" or
"chatproof compare" is given a folder of earlier runs as --baseline.

Exit codes: 0 written · 2 bad input (no run found, unreadable results.json, unwritable --out)
`;
