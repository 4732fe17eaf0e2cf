// Goodput, DistServe's definition (Zhong et al., OSDI 2024; vLLM's --goodput) carried from
// requests to conversations: the conversations per second that met every SLO. A conversation
// counts when it completed, each of its turns was within every per-request latency limit
// (an SLO on latency.ttftMs.* / e2eMs.* / tpotMs.* read as a limit on each turn, as DistServe
// applies TTFT and TPOT limits per request), and, when the SLOs include context accuracy,
// every one of its memory checks passed.
// slo.ts does not know these two metrics; parseGateSlo accepts them and hands the rest over.
import type { Results, Slo, SloVerdict, TurnRecord } from '../core/types.js';
import { countGoodConversations } from '../score/goodput.js';
import { judge, parseSloExpression, SloSyntaxError } from '../metrics/slo.js';

export const GOODPUT_METRICS = ['goodput', 'goodputRate'] as const;

const GOODPUT = /^\s*(goodput|goodput_rate|goodputRate)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(%|\/s|conv\/s)?\s*$/;

/** parseSloExpression plus "goodput>=0.5/s" (conversations per second) and "goodputRate>=90%". */
export function parseGateSlo(expression: string): Slo {
  const m = GOODPUT.exec(expression);
  if (!m) return parseSloExpression(expression);
  const metric = m[1] === 'goodput' ? 'goodput' : 'goodputRate';
  let threshold = Number(m[3]);
  if (metric === 'goodputRate') {
    if (m[4] === '%') threshold /= 100;
    else if (m[4]) throw new SloSyntaxError(`SLO "${expression}": goodputRate is a share of conversations; write "90%" or "0.9"`);
    else if (threshold > 1) throw new SloSyntaxError(`SLO "${expression}": goodputRate is a fraction between 0 and 1; did you mean "${m[3]}%"?`);
  } else if (m[4] === '%') {
    throw new SloSyntaxError(`SLO "${expression}": goodput is in conversations per second; write e.g. "goodput>=0.5/s", or use goodputRate for a share`);
  }
  return { metric, op: m[2] as Slo['op'], threshold, source: expression.trim() };
}

export function isGoodputSlo(slo: Slo): boolean {
  return (GOODPUT_METRICS as readonly string[]).includes(slo.metric);
}

export interface GoodputFigures {
  met: number;
  total: number;
  /** met / total. */
  rate: number | null;
  /** met / run duration in seconds. */
  perSecond: number | null;
}

export function goodputFigures(results: Results, slos: readonly Slo[]): GoodputFigures {
  const byConversation = new Map<string, TurnRecord[]>();
  for (const t of results.turns) byConversation.set(t.conversationId, [...(byConversation.get(t.conversationId) ?? []), t]);
  const counted = results.conversations.filter((c) => c.status !== 'incomplete');
  const met = countGoodConversations(counted, byConversation, slos);
  const seconds = results.run.durationMs / 1000;
  return { met, total: counted.length, rate: counted.length ? met / counted.length : null, perSecond: seconds > 0 ? met / seconds : null };
}

/** Verdicts for goodput SLOs, judged against all the run's SLOs as the per-conversation bar. */
export function judgeGoodput(results: Results, goodputSlos: readonly Slo[], allSlos: readonly Slo[]): SloVerdict[] {
  const figures = goodputFigures(results, allSlos.filter((s) => !isGoodputSlo(s)));
  return goodputSlos.map((slo) => judge(slo, slo.metric === 'goodput' ? figures.perSecond : figures.rate));
}
