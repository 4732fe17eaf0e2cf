// chatproof rescore: usage and options.
export const RESCORE_HELP = `Usage: chatproof rescore <run-dir> [--scenario FILE...] [options]

Re-applies the checks of the run's scenarios (or of edited copies given with --scenario) to the
replies saved in <run-dir>/turns.jsonl, without calling the target, and writes a new run folder
(turns.jsonl, results.json, report). Timing, usage and failures are copied as measured; only
checks change. Judged checks ask the judge the same question the run asked; an answer already
in the saved run for the same judge model, rubric and conversation is reused, not asked again.

Options:
  --scenario FILE          an edited scenario replacing the run's scenario of the same name
                           (repeatable); default: the scenarios saved in the run
  --out DIR                the new run folder (default <run-dir>-rescored-<timestamp>); never
                           an existing run
  --judge-target URL       judge for judged checks not answered before (default: the run's judge;
                           env CHATPROOF_JUDGE_TARGET, then the scenario's judge.target)
  --judge-model NAME       judge model (default: the run's; env CHATPROOF_JUDGE_MODEL)
  --judge-timeout D        per judge request (default 120s)
  --judge-calibration FILE the judge's measured accuracy (chatproof judge-check --json FILE)
  --lang en|zh-CN          language of the HTML report (default en)
  --no-report              write results.json and turns.jsonl only
  --quiet                  no summary table
  -h, --help               this text

Exit codes: as eval (0 all SLOs met, 1 an SLO failed, 2 bad input).
`;
