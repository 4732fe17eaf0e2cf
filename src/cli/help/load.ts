// Help text of `chatproof load` (the command lives in src/cli/commands/load.ts).
export const LOAD_HELP = `Usage: chatproof load <scenario.yaml...> [options]

Runs virtual users that each play a scenario's conversation (live history) again and again,
level after level, and reports per level: TTFT, inter-token, time per output token and
end-to-end P50/P95/P99, requests/s, output tokens/s, goodput (conversations/s meeting every
SLO), context accuracy, interruption rate, latency by turn depth and a per-second series.

Load shape (one of)
  --users LIST             closed loop: virtual users per level, e.g. 1,8,32,128
  --rate LIST              open loop: new conversations per second per level, e.g. 2/s or 1,2,4
  --sweep                  double the load (from --users/--rate, default 1) until an SLO breaks,
                           then bisect between the last passing and the first failing load;
                           reports the knee: the largest load that met every SLO
  --sweep-max N            highest load a sweep tries (default 256 users / 64 conv/s)
  --sweep-refine N         bisection levels after the first failing level (default 2; 0: doubling
                           only); stops early at a gap of 1 user, or under 5% of the rate (rates
                           keep 2 significant digits); a level where the harness fell behind
                           caps it: nothing above it is tried. A sweep runs at most
                           ceil(log2(max/start)) + 1 + N levels, each bounded as below; it
                           prints that bound (time and requests) when it starts
  --arrivals poisson|constant   open-loop arrival process (default poisson)
  --max-concurrent N       open loop: conversations in flight at most (default 1000); later
                           arrivals wait, and the wait is reported as client queue time
Timing (D: 500ms, 30s, 2m)
  --duration D             measurement window per level (default 30s)
  --warmup D               load before each window, not counted (default 5s)
  --drain D                time conversations started in the window get to finish (default 60s)
  --think D|A-B|exp:D      think time between turns and conversations (default 0), seeded
  --seed N                 seed for arrivals and think times (default 1)
  --warm-up N              untimed requests before the first level, never recorded nor measured
                           (default 1, 0 = none); each level's --warmup window comes on top
  --max-requests N         requests per level at most (default 100000); with --warmup,
                           --duration and --drain this bounds every level, refinement included
  --max-timing-stall D     a turn whose timestamps were taken through an event-loop stall over
                           D is "timing suspect" (default 10ms); a level with more than 1% of
                           its turns suspect is invalid: the harness fell behind
  --max-harness-lag D      a level whose send-schedule lag P99 exceeds D is invalid
                           (default 50ms); raise either only on a machine you know is shared,
                           and say so with the figures
Target and scenario: --target URL, --model NAME, --stream/--no-stream, --set KEY=VALUE,
  --slo EXPR (repeatable; default: the scenarios' SLOs, else the three defaults),
  --connect-timeout D, --first-token-timeout D, --idle-timeout D, --total-timeout D
Several processes or machines
  --shard i/n              run this share of every level (users split, rate divided);
                           combine the results with "chatproof merge"
Raw capacity
  --raw                    drive one fixed non-streaming chat request with autocannon at full
                           speed, then chatproof's client with the same request, and compare
  --connections N          --raw: concurrent connections (default 16)
Target: --target URL, --model NAME (as eval); without --target the bundled server (--no-download)
Output: --out DIR (new or empty; default reports/<timestamp>-load-<scenario>/), --lang en|zh-CN,
        --no-report (results.json and turns.jsonl only), --quiet
Exit codes: 0 every level met its SLOs (a sweep: a knee was found) · 1 otherwise (--raw: over 2%
  of requests failed) · 2 bad input · 3 target unreachable · 4 the harness fell behind, or a level
  finished too few conversations to be judged · 5 an output could not be written · 129/130/143
  SIGHUP/Ctrl-C/SIGTERM (results so far are kept)
`;
