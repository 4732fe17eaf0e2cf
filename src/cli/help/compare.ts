// chatproof compare: usage and options.
export const COMPARE_HELP = `Usage: chatproof compare <baseline> <candidate> [options]

Compares two runs (results.json files or run folders) and says whether the candidate regressed.
Latency P50/P95 (TTFT, end-to-end, and inter-token latency from the turns.jsonl in each run
folder; without it ITL is reported as not compared): turn k of one run against turn k of the
other, with a t interval that counts correlated turns of a conversation and run-to-run drift;
decides from 1 conversation per run. Context accuracy and interruption rate: Fisher's exact
test. Each figure: REGRESSION (significant and beyond the tolerance), PASS (a slowdown beyond
the tolerance ruled out) or INCONCLUSIVE (the interval straddles it; the number of conversations
that would decide is given). Also re-checks the candidate's SLOs. docs/ci.md has the method and
its measured false-alarm and detection rates.

<baseline> may be a folder of earlier run folders (a baseline history): the newest 5 runs of the
same kind sharing a scenario are pooled, their run-to-run drift is measured, and compare.html and
trend.png show the trend across them.

  --tolerance T          latency slowdown tolerated, e.g. 10% (default) or 0.1
  --alpha A              family-wise false-alarm level over all figures (default 0.05)
  --noise-floor X        run-to-run drift of an unchanged server assumed with one baseline run
                         (relative standard deviation, default 2%; 0 on a dedicated machine);
                         a baseline history of 3+ runs measures it instead
  --baseline-runs N      runs pooled from a baseline history folder (default 5, newest first)
  --slo EXPR             add or replace an SLO on the candidate, e.g. "e2e.p95<=800ms", or on goodput:
                         "goodputRate>=90%" / "goodput>=0.5/s" (conversations meeting every SLO)
  --junit FILE           write JUnit XML (a test case per SLO, check, conversation and figure)
  --markdown FILE        write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)
  --html FILE            comparison page (default: compare.html beside the candidate's results)
  --json FILE            the comparison as JSON (load runs: {gate, comparison, exitCode})
  --fail-inconclusive    exit 4 when the comparison or an SLO is inconclusive
  --quiet                print nothing but errors
Load runs ("chatproof load"; both runs must be load runs, or both eval runs)
  --slo EXPR             judged on every level's figures, with the run's own SLOs; also
                         "queue.p99<=50ms", "e2e_from_intended.p95<=1s", "requestsPerSecond>=5/s"
  --at-load N            gate only the level at N users (closed loop) or N conv/s (open loop);
                         repeatable; exit 2 naming the loads available when no level ran at N
  --min-knee N           fail when the knee (largest load meeting every SLO with a valid
                         harness) is below N
                         Without either: every level must meet its SLOs (a sweep: a knee must
                         exist), as "chatproof load" exits. A level whose harness fell behind
                         never counts as a pass (exit 4 when the gate rests on it).
  With a baseline, levels at the same load are compared (the same method per level's
  conversations, Fisher per level) and so are the knees; levels in one run only are listed.
  A baseline history folder of load runs: the newest load run is the baseline.

Exit codes: 0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable in the
candidate run · 4 inconclusive (with --fail-inconclusive), or a load level the gate rests on
was measured by a harness that fell behind
`;
