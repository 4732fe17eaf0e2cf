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
                      characters of each turn's thinking kept in the HTML (default 300;
                      0 = all); results.json and turns.jsonl always keep the full text
  --max-failed-thinking-chars N
                      the same for failed turns (default 2000; 0 = all)
  -h, --help          this text
`;
