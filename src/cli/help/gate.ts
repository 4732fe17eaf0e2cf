// chatproof gate: usage and options.
export const GATE_HELP = `Usage: chatproof gate <results.json|run-dir> [--baseline <run|folder of runs>] [options]

Judges a saved run against its SLOs (and --slo), compares it with a baseline when given, writes
CI outputs and exits with the documented code. Options as "chatproof compare --help".

--baseline takes a run folder, a results.json, or a folder of earlier run folders (a baseline
history, e.g. the last main-branch runs kept as CI artifacts): the newest --baseline-runs (5)
runs are pooled, and compare.html and trend.png show latency and accuracy across them.

A load run ("chatproof load") is judged level by level, on its own SLOs plus --slo:
  chatproof gate <load run>                 every level meets its SLOs (a sweep: a knee exists)
  chatproof gate <load run> --at-load 32    the level at 32 users (or 32 conv/s) meets them
  chatproof gate <load run> --min-knee 16   the knee is at 16 users (conv/s) or more
A level whose harness fell behind never counts as a pass.

Exit codes: 0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable ·
4 inconclusive (with --fail-inconclusive), or a load level the gate rests on was measured by a
harness that fell behind
`;
