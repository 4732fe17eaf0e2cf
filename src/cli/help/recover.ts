// chatproof recover: usage and options.
export const RECOVER_HELP = `Usage: chatproof recover <run-dir> [--no-report] [--lang en|zh-CN] [--quiet]

Rebuilds results.json (and the HTML report) of an eval run that was stopped before it wrote them:
kill -9, a second Ctrl-C or SIGTERM, a full disk, a machine that went down. Every figure is
derived from turns.jsonl, which holds each turn as it finished; a last line cut short mid-write
is skipped. A folder that already holds results.json is left untouched (exit 2).
"report", "gate" and "compare" also read such a folder directly, saying it was recovered.
  --no-report   write results.json only
  --lang L      language of the HTML report (en, zh-CN)
  --quiet       no summary table
Exit codes: 0 recovered · 2 nothing to recover (no turns.jsonl, a corrupt one, results.json present)
            5 results.json could not be written
`;
