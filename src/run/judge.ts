// Asks a judge model for the verdicts of a turn's judged checks. The judge is any
// OpenAI-compatible chat endpoint (the bundled server included), reached through its own client,
// so its requests never enter the target's latency or interruption figures. Malformed answers are
// asked again; an outage becomes a judge failure, never a model failure; after a few outages in
// a row the judge is taken as down and the remaining checks fail fast instead of each waiting
// out a timeout.
import type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  Check,
  FailureCause,
  JudgeFailureCause,
  JudgeVerdict,
  Scenario,
  ScenarioTurn,
} from '../core/types.js';
import type { JudgeAnswer } from '../score/checks/index.js';
import { parseJudgeAnswer } from '../score/judge/answer.js';
import { type JudgeQuestion, judgeKey, judgeMessages, judgeRubric, statedFacts } from '../score/judge/prompt.js';

/** The client the judge is asked through (the same shape as the target's). */
export interface JudgeSender {
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}

export interface JudgeOptions {
  sender: JudgeSender;
  model: string;
  /** Extra requests after a malformed answer (default 2). */
  retries?: number;
  maxTokens?: number;
  /** Answers already known, by judgeKey (rescore seeds it from the saved run). */
  cache?: Map<string, JudgeVerdict>;
  /** Consecutive outages after which the judge is taken as down (default 3). */
  outagesBeforeDown?: number;
}

function failureCause(cause: FailureCause): JudgeFailureCause {
  switch (cause) {
    case 'connection_refused':
    case 'connection_reset':
    case 'connect_timeout':
      return 'judge_unreachable';
    case 'http_4xx':
    case 'http_429':
    case 'http_5xx':
      return 'judge_http_error';
    case 'first_token_timeout':
    case 'idle_timeout':
    case 'total_timeout':
      return 'judge_timeout';
    case 'aborted':
      return 'aborted';
    default:
      return 'judge_malformed';
  }
}

type Failure = Extract<JudgeAnswer, { failure: unknown }>['failure'];

export class Judge {
  readonly model: string;
  readonly cache: Map<string, JudgeVerdict>;
  private outages = 0;
  private down: Failure | undefined;

  constructor(private readonly options: JudgeOptions) {
    this.model = options.model;
    this.cache = options.cache ?? new Map();
  }

  /** Counts an outage; after a few in a row the judge is taken as down. */
  private outage(failure: Failure): Failure {
    this.outages++;
    if (this.outages >= (this.options.outagesBeforeDown ?? 3)) this.down = failure;
    return failure;
  }

  /** One judged question: a verdict, from the cache or asked, or why there is none. */
  async ask(question: JudgeQuestion, signal?: AbortSignal): Promise<{ verdict: JudgeVerdict } | { failure: Failure }> {
    const key = judgeKey(this.model, question);
    const known = this.cache.get(key);
    if (known !== undefined) return { verdict: { ...known, attempts: 0, cached: true } };
    if (this.down !== undefined) {
      return {
        failure: {
          ...this.down,
          attempts: 0,
          message: `judge taken as down after ${this.outages} outages in a row: ${this.down.message}`,
        },
      };
    }
    const messages: ChatMessage[] = judgeMessages(question);
    const tries = 1 + (this.options.retries ?? 2);
    let latencyMs = 0;
    let promptTokens = 0;
    let completionTokens = 0;
    let last: Failure = { cause: 'judge_malformed', message: 'no answer', attempts: 0, model: this.model };
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (signal?.aborted)
        return {
          failure: { cause: 'aborted', message: 'the run was interrupted', attempts: attempt - 1, model: this.model },
        };
      const started = performance.now();
      const result = await this.options.sender.chat(
        {
          messages,
          params: { model: this.model, temperature: 0, max_tokens: this.options.maxTokens ?? 512 },
          stream: false,
        },
        signal,
      );
      latencyMs += performance.now() - started;
      promptTokens += result.usage.promptTokens ?? 0;
      completionTokens += result.usage.completionTokens ?? 0;
      const common = { attempts: attempt, model: this.model, latencyMs };
      if (!result.ok && result.error !== undefined && result.error.cause !== 'empty_reply') {
        const cause = failureCause(result.error.cause);
        last = { cause, message: result.error.message, ...common };
        if (cause === 'aborted') return { failure: last };
        const retryable = result.error.cause === 'http_5xx' || result.error.cause === 'http_429';
        if (retryable && attempt < tries) continue;
        return { failure: this.outage(last) };
      }
      this.outages = 0;
      const parsed = parseJudgeAnswer(result.content, question.wantScore);
      if (!parsed.ok) {
        last = { cause: 'judge_malformed', message: `${parsed.problem}: ${result.content.slice(0, 200)}`, ...common };
        continue;
      }
      const verdict: JudgeVerdict = {
        ...parsed.answer,
        model: this.model,
        key,
        attempts: attempt,
        latencyMs,
        ...(promptTokens > 0 && { promptTokens }),
        ...(completionTokens > 0 && { completionTokens }),
      };
      this.cache.set(key, verdict);
      return { verdict };
    }
    return { failure: last };
  }
}

export interface JudgeTurnInput {
  scenario: Pick<Scenario, 'facts'>;
  turn: ScenarioTurn;
  /** The messages the model under test was sent for this turn. */
  transcript: readonly ChatMessage[];
  reply: string;
  signal?: AbortSignal;
}

/** The judge's answers to one turn's judged checks, by check index; empty without judged checks. */
export async function judgeTurn(judge: Judge | undefined, input: JudgeTurnInput): Promise<Map<number, JudgeAnswer>> {
  const answers = new Map<number, JudgeAnswer>();
  if (judge === undefined) return answers;
  const facts = statedFacts(input.scenario, input.turn.index);
  for (const [i, check] of input.turn.checks.entries()) {
    if (check.spec.kind !== 'judge') continue;
    const question = judgeQuestion(check, facts, input);
    const answer = await judge.ask(question, input.signal);
    answers.set(i, 'verdict' in answer ? { verdict: answer.verdict, rubric: question.rubric } : answer);
  }
  return answers;
}

function judgeQuestion(check: Check, facts: JudgeQuestion['facts'], input: JudgeTurnInput): JudgeQuestion {
  return {
    rubric: judgeRubric(check, input.scenario.facts),
    facts,
    transcript: input.transcript,
    reply: input.reply,
    wantScore: check.spec.kind === 'judge' && check.spec.minScore !== undefined,
  };
}
