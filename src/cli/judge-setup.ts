// Which judge grades a run's judged checks, first found wins: --judge-target / --judge-model,
// then CHATPROOF_JUDGE_TARGET / CHATPROOF_JUDGE_MODEL, then the scenario's `judge:`, then the
// target itself (the model under test grades its own replies, with a warning). "bundled" as a
// judge target is the bundled server (the run's own when the target is bundled too).
import { readFileSync } from 'node:fs';
import { apiKeyFromEnv, createChatClient, normalizeBaseUrl } from '../client/index.js';
import { ChatproofError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import type { JudgeCalibration, Results, Scenario } from '../core/types.js';
import { inertText } from '../report/text.js';
import { Judge } from '../run/judge.js';
import type { SimulatedUser } from '../run/simulate.js';
import { parseDurationMs } from './flags.js';
import { type ResolvedTarget, resolveTarget } from './target.js';

interface Writer {
  write(text: string): unknown;
}

export const JUDGE_OPTIONS = {
  'judge-target': { type: 'string' },
  'judge-model': { type: 'string' },
  'judge-timeout': { type: 'string' },
  'judge-calibration': { type: 'string' },
} as const;

export interface RunJudge {
  judge?: Judge;
  /** What results.json records about the judge (header options.judge). */
  info?: { target: string; model: string; selfJudged: boolean; calibration?: JudgeCalibration };
  close(): Promise<void>;
}

/** A `judge-check --json` file, for the judge this run uses. */
function readCalibration(file: string, model: string): JudgeCalibration {
  let saved: { judge?: { model?: string }; figures?: Record<string, unknown> };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChatproofError(`--judge-calibration ${file}: cannot be read (${(error as Error).message}).`);
  }
  const f = saved.figures;
  if (f === undefined || typeof f.judged !== 'number' || saved.judge?.model === undefined) {
    throw new ChatproofError(`--judge-calibration ${file}: not the --json output of chatproof judge-check.`);
  }
  if (saved.judge.model !== model) {
    throw new ChatproofError(
      `--judge-calibration ${file}: it measured the judge "${saved.judge.model}", but this run judges with "${model}".`,
    );
  }
  return {
    model,
    cases: f.judged,
    accuracy: typeof f.accuracy === 'number' ? f.accuracy : null,
    falsePasses: Number(f.falsePasses),
    falseFails: Number(f.falseFails),
  };
}

export function hasJudgedChecks(scenarios: readonly Scenario[]): boolean {
  return scenarios.some((s) => s.turns.some((t) => t.checks.some((c) => c.spec.kind === 'judge')));
}

/** The judge's API key: its own variable; the target's key only when the judge is the target's server. */
function judgeApiKey(sameServer: boolean): string | undefined {
  return process.env.CHATPROOF_JUDGE_API_KEY || (sameServer ? apiKeyFromEnv() : undefined);
}

export async function judgeFromFlags(
  values: Record<string, unknown>,
  scenarios: readonly Scenario[],
  target: Pick<ResolvedTarget, 'baseUrl' | 'model' | 'bundled'> | undefined,
  stderr: Writer,
): Promise<RunJudge> {
  if (!hasJudgedChecks(scenarios)) return { close: async () => {} };
  const declared = scenarios.find((s) => s.judge !== undefined)?.judge;
  // An empty variable or flag is unset, as a shell's `VAR= chatproof ...` means.
  const wanted =
    (values['judge-target'] as string | undefined) || process.env.CHATPROOF_JUDGE_TARGET || declared?.target;
  const named = (values['judge-model'] as string | undefined) || process.env.CHATPROOF_JUDGE_MODEL || declared?.model;
  const timeoutMs = values['judge-timeout']
    ? parseDurationMs('--judge-timeout', values['judge-timeout'] as string)
    : 120_000;

  let served: ResolvedTarget | undefined;
  let baseUrl: string;
  let model: string | undefined = named;
  if (wanted === undefined || (wanted === 'bundled' && target?.bundled)) {
    if (target === undefined) {
      throw new ChatproofError('judged checks need a judge: pass --judge-target URL and --judge-model NAME.');
    }
    baseUrl = target.baseUrl;
    model ??= target.model;
  } else if (wanted === 'bundled') {
    served = await resolveTarget({ model: named, download: false, log: (l) => stderr.write(`judge: ${l}\n`) });
    baseUrl = served.baseUrl;
    model ??= served.model;
  } else {
    try {
      baseUrl = normalizeBaseUrl(wanted);
    } catch {
      throw new ChatproofError(`--judge-target: "${redactUrl(wanted)}" is not an http(s) URL.`);
    }
    if (model === undefined) {
      served = await resolveTarget({ target: baseUrl, download: false, log: (l) => stderr.write(`judge: ${l}\n`) });
      model = served.model;
    }
  }
  const sameServer = target !== undefined && normalizeBaseUrl(target.baseUrl) === normalizeBaseUrl(baseUrl);
  const selfJudged = sameServer && target?.model === model;
  if (selfJudged) {
    stderr.write(
      `warning: judged checks are graded by the model under test (${model} at ${redactUrl(baseUrl)}): a model ` +
        'grading its own replies is lenient with its own mistakes; set --judge-target and --judge-model ' +
        '(or the scenario\'s "judge:") to use another model.\n',
    );
  }
  const client = createChatClient({
    baseUrl,
    apiKey: judgeApiKey(sameServer),
    model: model as string,
    timeouts: { totalMs: timeoutMs, firstTokenMs: timeoutMs, idleMs: timeoutMs },
  });
  return {
    judge: new Judge({ sender: client, model: model as string }),
    info: {
      target: redactUrl(baseUrl),
      model: model as string,
      selfJudged,
      ...(values['judge-calibration'] !== undefined && {
        calibration: readCalibration(values['judge-calibration'] as string, model as string),
      }),
    },
    close: async () => {
      await client.close();
      await served?.close();
    },
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${Math.round((n / d) * 100)}%`);

/** The judge's figures under the run summary: kept apart from the target's. */
export function judgeSummaryLines(results: Results): string[] {
  const j = results.judge;
  if (j === undefined) return [];
  const lines = [
    '',
    `  Judge ${j.models.join(', ') || '(none)'}${j.target ? ` at ${inertText(j.target, 60)}` : ''}` +
      `${j.selfJudged ? ' (the model under test grading itself)' : ''}`,
    `    verdicts ${j.verdicts} (${j.passed} pass, ${pct(j.passed, j.verdicts)})` +
      `${j.cached > 0 ? `, ${j.cached} from cache` : ''}; requests ${j.requests}` +
      (j.latencyMs.p50 === null
        ? ''
        : `; latency p50 ${Math.round(j.latencyMs.p50)} ms, max ${Math.round(j.latencyMs.max ?? 0)} ms`),
  ];
  if (j.failures > 0) {
    const causes = Object.entries(j.failuresByCause)
      .map(([cause, n]) => `${cause} ${n}`)
      .join(', ');
    lines.push(
      `    ${j.failures} judged check(s) without a verdict (${causes}): judge failures, not counted for the model`,
    );
  }
  const cal = j.calibration;
  if (cal !== undefined) {
    const accuracy = cal.accuracy === null ? '-' : pct(cal.accuracy * cal.cases, cal.cases);
    lines.push(
      `    measured by judge-check: accuracy ${accuracy} on ${cal.cases} cases` +
        ` (false passes ${cal.falsePasses}, false fails ${cal.falseFails})`,
    );
  }
  const a = j.agreement;
  if (a.pairs > 0) {
    lines.push(
      `    rule vs judge on the same fact: agree ${a.agreed}/${a.pairs}` +
        `${a.kappa === null ? '' : `, Cohen's kappa ${a.kappa.toFixed(2)}`}` +
        ` (rule only passed ${a.ruleOnlyPassed}, judge only passed ${a.judgeOnlyPassed})`,
    );
  }
  for (const turn of results.turns) {
    for (const f of turn.judgeFailures ?? []) {
      if (lines.length > 12) break;
      lines.push(
        `    ! ${inertText(turn.conversationId, 40)} turn ${turn.turn} "${inertText(f.name, 40)}": ${f.cause} — ` +
          `${inertText(f.message, 100)}`,
      );
    }
  }
  return lines;
}

export const USER_OPTIONS = {
  'user-target': { type: 'string' },
  'user-model': { type: 'string' },
} as const;

/** The user model of `simulate:` scenarios: --user-target/--user-model, env, the scenario's, else the target. */
export async function userFromFlags(
  values: Record<string, unknown>,
  scenarios: readonly Scenario[],
  target: Pick<ResolvedTarget, 'baseUrl' | 'model'>,
): Promise<{ user?: SimulatedUser; close(): Promise<void> }> {
  const sim = scenarios.find((s) => s.simulate !== undefined)?.simulate;
  if (sim === undefined) return { close: async () => {} };
  const wanted = (values['user-target'] as string | undefined) || process.env.CHATPROOF_USER_TARGET || sim.target;
  const model =
    (values['user-model'] as string | undefined) || process.env.CHATPROOF_USER_MODEL || sim.model || target.model;
  let baseUrl = target.baseUrl;
  if (wanted) {
    try {
      baseUrl = normalizeBaseUrl(wanted);
    } catch {
      throw new ChatproofError(`--user-target: "${redactUrl(wanted)}" is not an http(s) URL.`);
    }
  }
  const same = normalizeBaseUrl(target.baseUrl) === baseUrl;
  const client = createChatClient({
    baseUrl,
    apiKey: process.env.CHATPROOF_USER_API_KEY || (same ? apiKeyFromEnv() : undefined),
    model,
  });
  return { user: { sender: client, model }, close: () => client.close() };
}
