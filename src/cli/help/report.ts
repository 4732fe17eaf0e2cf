// chatproof report: usage and options.
export const REPORT_HELP = `Usage: chatproof report <run-dir|results.json> [options]

Regenerate index.html and charts/*.png from a saved run.

Nothing is overwritten in another language: with --lang naming a language the folder's
index.html is not in, the report goes to index.<lang>.html (charts in charts.<lang>/), and
every report page in the folder links to the others. A report in the same language as an
existing page regenerates that page.

Options:
  --lang en|zh-CN     language of the report (default en)
  --baseline PATH     results.json or run folder to compare with (deltas, both distributions)
  --out DIR           where to write (default: the run folder)
  --no-png            skip the PNG charts
  --max-thinking-chars N
                      characters of each turn's thinking kept in the HTML (0 = all). Default:
                      all of it while the run's thinking totals at most 2 million characters,
                      else the largest per-turn limit that fits; results.json and turns.jsonl
                      always keep the full text (docs/report.md, "Thinking text")
  --max-failed-thinking-chars N
                      the same for failed turns (2000 when only --max-thinking-chars is
                      given, never below it; 0 = all)
  -h, --help          this text
`;
