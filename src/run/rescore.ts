// Re-apply a scenario's checks (possibly edited: rules and judged checks alike) to the replies a
// run already saved in turns.jsonl, without calling the target, into a new run folder. The
// measured turns are copied as they were (timing, usage, errors); only checks change. Each judged
// check is asked the same question the live run would have asked (the conversation as the model
// was sent it), and an answer already known for the same (judge model, rubric, transcript) is
// reused from the saved run instead of asked again.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError } from '../core/errors.js';
import type { JudgeVerdict, Results, RunHeader, Scenario, TurnRecord } from '../core/types.js';
import { runSlos } from '../metrics/slo.js';
import { scoreTurnChecks } from '../score/checks/index.js';
import { buildResults } from '../score/results.js';
import { writeResultsJson } from '../store/results-file.js';
import { TurnLog } from '../store/turn-log.js';
import { readTurnLog } from '../store/turn-log-reader.js';
import { buildMessages, type CompletedTurn } from './history.js';
import { type Judge, judgeTurn } from './judge.js';

export interface RescoreOptions {
  runDir: string;
  outDir: string;
  /** Edited scenarios, replacing the run's scenarios of the same name. */
  scenarios?: Scenario[];
  judge?: Judge;
  /** What results.json records about the judge. */
  judgeInfo?: Record<string, unknown>;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface RescoreOutput {
  results: Results;
  resultsPath: string;
  turnsPath: string;
  /** Turns whose checks changed outcome (a check added, removed, or a verdict flipped). */
  changedTurns: number;
  turns: number;
}

/** Every judge answer a saved run holds, by cache key. */
export function savedJudgeAnswers(records: readonly TurnRecord[]): Map<string, JudgeVerdict> {
  const answers = new Map<string, JudgeVerdict>();
  for (const record of records) {
    for (const check of record.checks) if (check.judge !== undefined) answers.set(check.judge.key, check.judge);
  }
  return answers;
}

function replaceScenarios(saved: Scenario[], edited: Scenario[] | undefined): Scenario[] {
  if (edited === undefined || edited.length === 0) return saved;
  for (const s of edited) {
    if (!saved.some((old) => old.name === s.name)) {
      throw new ChatproofError(
        `rescore: scenario "${s.name}" (${s.file}) is not in the run; the run played: ` +
          `${saved.map((old) => old.name).join(', ')}. Rescoring applies edited checks to the same conversations.`,
      );
    }
  }
  return saved.map((old) => edited.find((s) => s.name === old.name) ?? old);
}

const outcome = (r: TurnRecord): string =>
  JSON.stringify([r.checks.map((c) => [c.name, c.passed]), (r.judgeFailures ?? []).map((f) => f.name)]);

export async function rescoreRun(options: RescoreOptions): Promise<RescoreOutput> {
  const source = path.join(options.runDir, 'turns.jsonl');
  if (!existsSync(source)) {
    throw new ChatproofError(`rescore: ${options.runDir} holds no turns.jsonl; name the folder of an eval run.`);
  }
  const { header, records } = await readTurnLog(source);
  const scenarios = replaceScenarios(header.scenarios, options.scenarios);
  const played = new Map(header.scenarios.map((s) => [s.name, s]));
  const scoring = new Map(scenarios.map((s) => [s.name, s]));
  for (const [key, answer] of savedJudgeAnswers(records))
    if (!options.judge?.cache.has(key)) options.judge?.cache.set(key, answer);

  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const newHeader: RunHeader = {
    ...header,
    runId: `${startedAt.toISOString()}-${process.pid}`,
    scenarios,
    options: {
      ...header.options,
      rescoredFrom: { runId: header.runId, dir: options.runDir },
      ...(options.judgeInfo !== undefined && { judge: options.judgeInfo }),
    },
  };
  mkdirSync(options.outDir, { recursive: true });
  const turnsPath = path.join(options.outDir, 'turns.jsonl');
  const resultsPath = path.join(options.outDir, 'results.json');
  const log = new TurnLog(turnsPath, newHeader);
  const rescored: TurnRecord[] = [];
  const history = new Map<string, CompletedTurn[]>();
  let changedTurns = 0;
  try {
    for (const record of records) {
      const before = outcome(record);
      const copy: TurnRecord = { ...record, checks: [] };
      delete copy.judgeFailures;
      const sent = played.get(record.scenario);
      const scenario = scoring.get(record.scenario);
      const completed = history.get(record.conversationId) ?? [];
      history.set(record.conversationId, completed);
      const turn = scenario?.turns.find((t) => t.index === record.turn);
      if (record.ok && scenario !== undefined && turn !== undefined && !options.signal?.aborted) {
        // The conversation as the model was sent it: the saved scenario's system prompt and window.
        const { messages } = buildMessages(sent?.system, completed, record.user, sent?.params.max_history_turns);
        const answers = await judgeTurn(options.judge, {
          scenario,
          turn,
          transcript: messages,
          reply: record.content,
          signal: options.signal,
        });
        const { checks, judgeFailures } = scoreTurnChecks(turn.checks, record.content, answers);
        copy.checks = checks;
        if (judgeFailures.length > 0) copy.judgeFailures = judgeFailures;
      }
      if (record.ok) {
        const scripted = sent?.turns.find((t) => t.index === record.turn)?.assistant;
        completed.push({
          user: record.user,
          assistant: sent?.history === 'recorded' && scripted ? scripted : record.content,
        });
      }
      if (outcome(copy) !== before) changedTurns++;
      log.append(copy);
      rescored.push(copy);
    }
  } finally {
    log.close();
  }
  const results = buildResults(newHeader, rescored, now(), runSlos(scenarios));
  writeResultsJson(resultsPath, results);
  return { results, resultsPath, turnsPath, changedTurns, turns: rescored.length };
}
