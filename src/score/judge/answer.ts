// Reads a judge model's answer. Models wrap JSON in code fences, think aloud first (<think>) or
// add a sentence around it: the first JSON object with a valid verdict is taken; anything else is
// malformed and the caller asks again.
export interface ParsedJudgeAnswer {
  verdict: 'pass' | 'fail';
  reason: string;
  score?: number;
}

export type JudgeAnswerParse = { ok: true; answer: ParsedJudgeAnswer } | { ok: false; problem: string };

const MAX_REASON = 500;

/** Every balanced {...} span of the text, outermost first. */
function objectSpans(text: string): string[] {
  const spans: string[] = [];
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        spans.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return spans;
}

export function parseJudgeAnswer(raw: string, wantScore: boolean): JudgeAnswerParse {
  const text = raw.replace(/<think>[\s\S]*?<\/think>/g, '');
  let problem = 'no JSON object in the answer';
  for (const span of objectSpans(text)) {
    let value: unknown;
    try {
      value = JSON.parse(span);
    } catch {
      problem = 'the JSON object does not parse';
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const o = value as Record<string, unknown>;
    const verdict = typeof o.verdict === 'string' ? o.verdict.trim().toLowerCase() : o.verdict;
    if (verdict !== 'pass' && verdict !== 'fail') {
      problem = `"verdict" is ${JSON.stringify(o.verdict) ?? 'missing'}, expected "pass" or "fail"`;
      continue;
    }
    if (typeof o.reason !== 'string' || o.reason.trim() === '') {
      problem = '"reason" is missing or empty';
      continue;
    }
    const score = typeof o.score === 'string' ? Number(o.score) : o.score;
    if (wantScore && !(typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5)) {
      problem = `"score" is ${JSON.stringify(o.score) ?? 'missing'}, expected a whole number from 1 to 5`;
      continue;
    }
    const reason = o.reason.trim().replace(/\s+/g, ' ');
    return {
      ok: true,
      answer: {
        verdict,
        reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason,
        ...(wantScore && { score: score as number }),
      },
    };
  }
  return { ok: false, problem };
}
