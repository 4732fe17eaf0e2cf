// chatproof eval: usage and options.
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
Judge (for judged checks: "judge:" in a scenario; docs/judge.md)
  --judge-target URL       OpenAI-compatible base URL of the judge model, or "bundled" (env
                           CHATPROOF_JUDGE_TARGET; default: the scenario's judge.target, else the
                           target itself, with a warning: the model then grades its own replies)
  --judge-model NAME       judge model (env CHATPROOF_JUDGE_MODEL; default: the scenario's
                           judge.model, else the first one the judge's /v1/models lists)
  --judge-timeout D        per judge request (default 120s); API key: env CHATPROOF_JUDGE_API_KEY
                           (the target's key is sent only when the judge is the target's server)
  --judge-calibration FILE the judge's measured accuracy (chatproof judge-check --json FILE),
                           kept in results.json and shown with the judge's figures
Simulated user (for scenarios with "simulate:")
  --user-target URL        base URL of the user model (env CHATPROOF_USER_TARGET; default: the
                           scenario's simulate.target, else the target itself)
  --user-model NAME        user model (env CHATPROOF_USER_MODEL; default: simulate.model, else
                           the target's model); API key: env CHATPROOF_USER_API_KEY
Scenario
  --runs N                 repetitions of every scenario (same as --set runs=N)
  --set KEY=VALUE          override a scenario field, e.g. --set params.temperature=0.2
                           --set params.enable_thinking=true --set history=recorded (repeatable)
  --slo EXPR               add or replace an SLO, e.g. "e2e.p95<=800ms", "ttft.p99<=1.5s",
                           "contextAccuracy>=90%", "interruptionRate<=2%" (repeatable)
Output
  --out DIR                output folder, new or empty (default reports/<timestamp>-<scenario>/);
                           a folder holding anything is refused before the run
  --lang en|zh-CN          language of the HTML report (default en)
CI gate
  --baseline PATH          results.json or run folder of an earlier run: deltas in the report,
                           and a regression test (P50/P95 turn by turn with a t interval,
                           Fisher's exact on accuracy and interruptions); writes compare.html
  --tolerance P            latency slowdown tolerated before a significant change counts as a
                           regression (default 10%)
  --junit FILE             JUnit XML: a test case per SLO, per check and per compared figure
  --markdown FILE          Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)
  --fail-inconclusive      exit 4 when the comparison cannot decide (too few samples)
  --warm-up N              untimed requests before the run, never recorded nor measured: first-use
                           costs (GPU kernels, caches) stay out of the figures (default 1, 0 = none)
  --no-report              write results.json and turns.jsonl only
  --quiet                  no progress bar; only the verdict line and the report path
`;
