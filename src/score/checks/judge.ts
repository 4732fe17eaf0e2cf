// judge: a judge model decides whether the reply meets a rubric (or, on a fact probe without a
// rubric, whether it recalls the fact). The verdict is asked for over the network by run/judge.ts
// and handed in here, so scoring stays pure: the same verdict always gives the same outcome.
import type { JudgeVerdict } from '../../core/types.js';
import type { CheckOutcome, SpecOf } from './types.js';

export function judgeOutcome(spec: SpecOf<'judge'>, rubric: string, verdict: JudgeVerdict): CheckOutcome {
  const scoreOk = spec.minScore === undefined || (verdict.score !== undefined && verdict.score >= spec.minScore);
  const passed = verdict.verdict === 'pass' && scoreOk;
  const expected = spec.minScore === undefined ? rubric : `${rubric} (score at least ${spec.minScore} of 5)`;
  const score = verdict.score === undefined ? '' : ` [score ${verdict.score}/5]`;
  const why = verdict.verdict === 'pass' && !scoreOk ? ' (score below the threshold)' : '';
  return { passed, expected, found: `judge: ${verdict.verdict}${score}${why}: ${verdict.reason}` };
}
