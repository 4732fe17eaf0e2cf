// chatproof judge-check: usage and options.
export const JUDGE_CHECK_HELP = `Usage: chatproof judge-check <scenario.yaml...> [options]

Measures a judge model before you trust its verdicts. For every turn that probes a fact and has
a scripted "assistant:" reply, the judge grades:
  scripted  the scripted reply, which states the fact          (right verdict: pass)
  altered   the reply with the fact changed: digits shifted
            (NW-40917 -> NW-51028) or the turn's not_contains
            wrong answer put in its place (泰坦尼克号 -> 阿凡达)      (right verdict: fail)
  missing   the reply with the fact's words taken out          (right verdict: fail)
Judged rubric checks without a fact add their scripted reply as a positive case. Prints every
case, then the judge's accuracy, false passes (a changed or missing fact passed) and false fails
(the scripted reply failed). Negatives are made mechanically: read the cases it prints.

Options:
  --judge-target URL       the judge's OpenAI-compatible base URL, or "bundled" (env
                           CHATPROOF_JUDGE_TARGET; default: the scenario's judge.target)
  --judge-model NAME       judge model (env CHATPROOF_JUDGE_MODEL; default: the scenario's
                           judge.model, else the first one the judge's /v1/models lists)
  --judge-timeout D        per judge request (default 120s)
  --json FILE              also write every case and the figures as JSON
  --min-accuracy P         exit 1 when the accuracy is below P (e.g. 90%)
  -h, --help               this text

Exit codes: 0 measured (and at least --min-accuracy), 1 below --min-accuracy or no case judged,
2 bad input, 3 the judge is unreachable.
`;
