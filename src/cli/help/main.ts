// Help texts, kept beside each other so the README's CLI reference can mirror them.
export const MAIN_HELP = `chatproof: does your chat model remember, answer in time, and hold up under load?

Usage:
  chatproof eval <scenario.yaml...> [options]   run scenarios, score them, write results and a report
  chatproof load <scenario.yaml...> [options]   many concurrent conversations: latency AND accuracy per load level
  chatproof merge <results...> --out DIR        combine load shards (--shard i/n) exactly
  chatproof report <run-dir|results.json>       regenerate the HTML report and charts from saved results
  chatproof compare <baseline> <candidate>      compare two runs: regressions, significance, CI outputs
  chatproof gate <run-dir|results.json>         judge saved results against SLOs (and a baseline) for CI
  chatproof serve --model <path|preset>         start the bundled OpenAI-compatible Qwen3 server
  chatproof --version | --help

Run "chatproof <command> --help" for a command's options.
Exit codes: 0 all SLOs met · 1 an SLO failed or a regression · 2 bad input or usage · 3 target unreachable
            4 inconclusive comparison (with --fail-inconclusive), or a load level measured by a
              harness that fell behind · 130 stopped by Ctrl-C
`;

export const EVAL_HELP = `Usage: chatproof eval <scenario.yaml...> [options]

Runs each scenario's conversation (its "runs" repetitions) against an OpenAI-compatible
/v1/chat/completions endpoint and scores context accuracy, latency and interruptions.

Target
  --target URL             base URL, e.g. http://127.0.0.1:8000/v1 (env CHATPROOF_TARGET or
                           OPENAI_BASE_URL); without one, the bundled server is started on a
                           cached Qwen3 GGUF, else downloads the preset that fits (auto), else
                           the generated test model (labelled as such everywhere)
  --no-download            never download a model for the bundled server (also CHATPROOF_OFFLINE=1)
  --model NAME             model name (env CHATPROOF_MODEL; default: the scenario's, else the
                           first one /v1/models lists)
                           API key: env CHATPROOF_API_KEY or OPENAI_API_KEY (never written anywhere)
  --stream / --no-stream   streaming SSE (default) or one JSON response per turn
  --concurrency N          conversations in flight at once (default 1: single-user figures)
  --connect-timeout D      default 10s      --first-token-timeout D   default 60s
  --idle-timeout D         default 30s      --total-timeout D         default 300s
                           (D: 500ms, 30s, 2m or plain milliseconds)
Scenario
  --runs N                 repetitions of every scenario (same as --set runs=N)
  --set KEY=VALUE          override a scenario field, e.g. --set params.temperature=0.2
                           --set params.enable_thinking=true --set history=recorded (repeatable)
  --slo EXPR               add or replace an SLO, e.g. "e2e.p95<=800ms", "ttft.p99<=1.5s",
                           "contextAccuracy>=90%", "interruptionRate<=2%" (repeatable)
Output
  --out DIR                output folder (default reports/<timestamp>-<scenario>/)
  --lang en|zh-CN          language of the HTML report (default en)
CI gate
  --baseline PATH          results.json or run folder of an earlier run: deltas in the report,
                           and a regression test (cluster bootstrap on P50/P95, Fisher's exact
                           on accuracy and interruptions); writes compare.html
  --tolerance P            latency slowdown tolerated before a significant change counts as a
                           regression (default 10%)
  --junit FILE             JUnit XML: a test case per SLO, per check and per compared figure
  --markdown FILE          Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)
  --fail-inconclusive      exit 4 when the comparison cannot decide (too few samples)
  --no-report              write results.json and turns.jsonl only
  --quiet                  no progress bar and no summary table
`;
