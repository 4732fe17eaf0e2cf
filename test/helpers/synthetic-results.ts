// A realistic, seeded results.json for report tests and benchmarks: the validation article's
// six-turn breakup dialogue (Chinese by default), some forgotten facts, a few interrupted
// conversations, optional XSS payloads in replies. Records go through the real pipeline
// (buildResults -> summarize), so every figure is derived exactly as in a real run.

import { seededRandom as rng } from '../../src/core/random.js';
import type {
  Check,
  Fact,
  FailureCause,
  Results,
  RunHeader,
  Scenario,
  ScenarioTurn,
  TurnRecord,
} from '../../src/core/types.js';
import { defaultSlos } from '../../src/metrics/slo.js';
import { buildResults } from '../../src/score/results.js';
import { syntheticThinking, thinkingLength } from './synthetic-thinking.js';

export interface SyntheticOptions {
  conversations: number;
  turns: number;
  seed: number;
  /** Chance that a memory probe forgets its fact (default 0.06). */
  failures?: number;
  /** Put script-injection payloads into replies, reasoning, check text and scenario text. */
  xss?: boolean;
  /** Language of the dialogue itself (the user's and model's text). */
  lang?: 'en' | 'zh-CN';
  /** Multiplies every latency (a slower or faster "model"), default 1. */
  latencyScale?: number;
  /**
   * Typical length of the model's thinking on every turn, as a Qwen3 run with enable_thinking
   * keeps it (4,000: 2,000-8,000 characters, mostly Chinese with English). Drawn from its own
   * seeded stream, so every other figure equals the run without it. Default: short thinking
   * on about a quarter of the turns.
   */
  thinkingChars?: number;
}

/** Payloads that set window.__xss if they ever execute. */
export const XSS_PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '</script><script>window.__xss = 3</script>',
  '<svg onload="window.__xss = 4"></svg>',
  '"><iframe srcdoc="<script>parent.__xss = 5</script>"></iframe>',
  '\u2028\u2029<!-- --> & &amp; {{7*7}}',
];

interface Dialogue {
  facts: Array<Omit<Fact, 'probedAt'> & { keyword: string; probeTurn: number }>;
  users: string[];
  openers: string[];
  fillers: string[];
  memoryLines: Record<string, string>;
  thinking: string[];
}

const ZH: Dialogue = {
  facts: [
    { id: 'partner', text: '前男友叫小杰', turn: 1, keyword: '小杰', probeTurn: 4 },
    { id: 'years', text: '在一起三年', turn: 1, keyword: '三年', probeTurn: 5 },
    { id: 'film', text: '第一次约会看《泰坦尼克号》', turn: 2, keyword: '泰坦尼克号', probeTurn: 6 },
    { id: 'city', text: '他去了上海工作', turn: 3, keyword: '上海', probeTurn: 5 },
  ],
  users: [
    '我和男朋友小杰分手了，我们在一起三年了，现在心里很乱。',
    '我们第一次约会是去看《泰坦尼克号》，现在想起来就难过。',
    '他说要去上海工作，我们不得不异地，最后就分开了。',
    '你觉得我应该主动联系他吗？',
    '你还记得我们在一起多久了吗？他去了哪个城市？',
    '如果再看一次我们第一次约会看的那部电影，我会不会哭？',
  ],
  openers: ['听到这些我很心疼你。', '谢谢你愿意和我说这些。', '我能理解你现在的感受。', '这确实是一段很难熬的时间。'],
  fillers: [
    '分手之后情绪起伏是很正常的，不必急着让自己马上好起来。',
    '可以试着把想说的话写下来，给自己一点整理心情的空间。',
    '和信任的朋友聊一聊，也许会让你轻松一些。',
    '照顾好自己的睡眠和饮食，身体稳定了，心情也会慢慢平复。',
    '回忆会一次次浮现，这说明那段感情对你很重要。',
    '无论你最后做什么决定，都值得被温柔对待。',
  ],
  memoryLines: {
    partner: '关于要不要联系小杰，先问问自己想从这次联系中得到什么。',
    years: '你们在一起三年，这么长的时间，放下需要过程。',
    film: '再看《泰坦尼克号》时流泪也没关系，那是在和过去好好告别。',
    city: '他去了上海，距离确实让很多事情变得更难。',
  },
  thinking: [
    '用户刚经历分手，情绪低落，需要先共情。',
    '用户在问前面提到的信息，我要回顾对话历史。',
    '注意不要给出说教式的建议。',
  ],
};

const EN: Dialogue = {
  facts: [
    { id: 'partner', text: 'ex is called Jay', turn: 1, keyword: 'Jay', probeTurn: 4 },
    { id: 'years', text: 'together three years', turn: 1, keyword: 'three years', probeTurn: 5 },
    { id: 'film', text: 'first date: Titanic', turn: 2, keyword: 'Titanic', probeTurn: 6 },
    { id: 'city', text: 'he moved to Shanghai', turn: 3, keyword: 'Shanghai', probeTurn: 5 },
  ],
  users: [
    'My boyfriend Jay and I broke up. We were together three years and I feel lost.',
    'Our first date was watching Titanic. Thinking of it makes me sad.',
    'He took a job in Shanghai, we went long-distance, and it ended.',
    'Do you think I should reach out to him?',
    'Do you remember how long we were together? Which city did he move to?',
    'If I watched the film from our first date again, would I cry?',
  ],
  openers: ['I am sorry you are going through this.', 'Thank you for telling me.', 'That sounds really hard.'],
  fillers: [
    'Ups and downs after a breakup are normal; you do not have to feel better right away.',
    'Writing down what you want to say can give your feelings some room.',
    'Talking with a friend you trust may help.',
    'Look after your sleep and meals; a steady body steadies the mind.',
  ],
  memoryLines: {
    partner: 'Before contacting Jay, ask yourself what you hope the call will give you.',
    years: 'Three years together is a long time; letting go takes a while.',
    film: 'Crying at Titanic again would be fine: it is a way of saying goodbye.',
    city: 'With him in Shanghai, distance made everything harder.',
  },
  thinking: [
    'The user just went through a breakup; empathise first.',
    'The user asks about earlier facts; recall the history.',
  ],
};

function buildScenario(d: Dialogue, turns: number, xss: boolean, thinking: boolean): Scenario {
  const scenarioTurns: ScenarioTurn[] = [];
  for (let i = 1; i <= turns; i++) {
    const base = d.users[(i - 1) % d.users.length];
    const user = i <= d.users.length ? base : `${base} (${i})`;
    const checks: Check[] = [
      {
        name: xss && i === 2 ? `length ok ${XSS_PAYLOADS[1]}` : 'reply not too long',
        spec: { kind: 'length', max: 400 },
        memory: false,
      },
    ];
    for (const fact of d.facts.filter((f) => f.probeTurn === i)) {
      checks.push({
        name: `remembers: ${fact.text}`,
        spec: { kind: 'contains', any: [fact.keyword] },
        fact: fact.id,
        memory: true,
      });
    }
    scenarioTurns.push({ index: i, user: xss && i === 3 ? `${user} ${XSS_PAYLOADS[0]}` : user, checks });
  }
  return {
    name: 'breakup-6-turn',
    description: xss
      ? `Six-turn breakup dialogue ${XSS_PAYLOADS[2]}`
      : 'Six-turn breakup dialogue of the Qwen3-8B validation article',
    file: 'scenarios/breakup.yaml',
    hash: 'f'.repeat(64),
    system: 'You are a warm, supportive companion.',
    params: { model: 'Qwen3-8B', temperature: 0.7, enable_thinking: thinking, max_history_turns: 10, max_tokens: 512 },
    history: 'live',
    runs: 1,
    facts: d.facts
      .filter((f) => f.turn <= turns)
      .map((f) => ({ id: f.id, text: f.text, turn: f.turn, probedAt: f.probeTurn <= turns ? [f.probeTurn] : [] })),
    turns: scenarioTurns,
    slo: defaultSlos(),
  };
}

const CAUSES: FailureCause[] = ['stream_cut', 'first_token_timeout', 'http_5xx', 'connection_reset'];

export function syntheticResults(options: SyntheticOptions): Results {
  const { conversations, turns, seed } = options;
  const failRate = options.failures ?? 0.06;
  const scale = options.latencyScale ?? 1;
  const d = options.lang === 'en' ? EN : ZH;
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const scenario = buildScenario(d, turns, options.xss ?? false, options.thinkingChars !== undefined);
  const thinkingRandom = rng(seed ^ 0x5eed7e1);
  const startMs = Date.UTC(2026, 10, 28, 9, 0, 0) + seed * 1000;

  // A couple of conversations break (about 1.5%, at least one when there are 3 or more).
  const broken = new Map<number, { turn: number; cause: FailureCause }>();
  const brokenCount = conversations >= 3 ? Math.max(1, Math.round(conversations * 0.015)) : 0;
  while (broken.size < brokenCount) {
    broken.set(1 + Math.floor(random() * (conversations - 1)), {
      turn: 1 + Math.floor(random() * turns),
      cause: pick(CAUSES),
    });
  }

  const records: TurnRecord[] = [];
  // Four conversations run side by side, as a small load run would.
  const lanes = [startMs, startMs, startMs, startMs];
  for (let c = 0; c < conversations; c++) {
    const lane = c % lanes.length;
    const breakAt = broken.get(c);
    for (let t = 1; t <= turns; t++) {
      const st = scenario.turns[t - 1];
      const sent = lanes[lane];
      // Latency grows with history: more prompt tokens each turn, plus a long tail.
      const tail = random() < 0.04 ? 2 + random() * 3 : 1;
      const ttft = Math.round((120 + 28 * t + random() * 90) * tail * scale);
      const memoryLine = d.facts.filter((f) => f.probeTurn === t);
      const forget = new Set(memoryLine.filter(() => random() < failRate).map((f) => f.id));
      const parts = [
        pick(d.openers),
        ...memoryLine.filter((f) => !forget.has(f.id)).map((f) => d.memoryLines[f.id]),
        pick(d.fillers),
        pick(d.fillers),
      ];
      if (options.xss && c === 0 && t <= XSS_PAYLOADS.length) parts.push(XSS_PAYLOADS[t - 1]);
      let content = parts.join(d === ZH ? '' : ' ');
      const tokens = Math.max(8, Math.round(content.length * (d === ZH ? 0.9 : 0.3)));
      const itl = (9 + random() * 6) * scale;
      const offsets = Array.from({ length: tokens }, (_, i) => Math.round(ttft + i * itl));
      const e2e = offsets[offsets.length - 1] + Math.round(5 + random() * 10);
      let thinking =
        random() < 0.25 ? pick(d.thinking) + (options.xss && c === 0 ? ` ${XSS_PAYLOADS[3]}` : '') : undefined;
      if (options.thinkingChars !== undefined) {
        const long = syntheticThinking(thinkingLength(options.thinkingChars, thinkingRandom), thinkingRandom);
        // Payloads at both ends: one in what the report keeps, one in what it may cut.
        thinking = options.xss && c === 0 ? `${XSS_PAYLOADS[3]} ${long} ${XSS_PAYLOADS[1]}` : long;
      }
      const record: TurnRecord = {
        type: 'turn',
        scenario: scenario.name,
        conversationId: `${scenario.name}#${c + 1}`,
        repetition: c + 1,
        turn: t,
        turnsPlanned: turns,
        user: st.user,
        messagesSent: 1 + 2 * Math.min(t - 1, 10) + 1,
        historyTurnsSent: Math.min(t - 1, 10),
        ok: true,
        content,
        reasoning: thinking,
        finishReason: 'stop',
        timing: {
          sentAtEpochMs: sent,
          headersMs: Math.round(ttft * 0.4),
          firstByteMs: Math.round(ttft * 0.5),
          firstThoughtMs: thinking ? Math.round(ttft * 0.6) : undefined,
          firstTokenMs: ttft,
          endMs: e2e,
          contentChunkOffsetsMs: offsets,
        },
        usage: { promptTokens: 40 + 60 * t, completionTokens: tokens, source: 'usage' },
        checks: st.checks.map((check) => {
          if (check.spec.kind === 'length') {
            return {
              name: check.name,
              kind: 'length',
              memory: false,
              passed: content.length <= 400,
              expected: 'at most 400 characters',
              found: `${content.length} characters`,
            };
          }
          const keyword = check.spec.kind === 'contains' ? (check.spec.any ?? [])[0] : '';
          const passed = content.includes(keyword);
          return {
            name: check.name,
            kind: check.spec.kind,
            fact: check.fact,
            memory: check.memory,
            passed,
            expected: `mentions any of: ${keyword}`,
            found: passed
              ? keyword
              : options.xss && c < 3
                ? `no match ${XSS_PAYLOADS[4]}`
                : 'no match for any expected text',
          };
        }),
      };
      if (breakAt && breakAt.turn === t) {
        const cause = breakAt.cause;
        const cutAt = Math.floor(content.length / 3);
        content = cause === 'stream_cut' ? content.slice(0, cutAt) : '';
        Object.assign(record, {
          ok: false,
          content,
          checks: [],
          finishReason: undefined,
          error: {
            cause,
            message: cause === 'http_5xx' ? 'HTTP 503 Service Unavailable' : `synthetic ${cause}`,
            httpStatus: cause === 'http_5xx' ? 503 : undefined,
          },
        });
        record.timing = {
          sentAtEpochMs: sent,
          contentChunkOffsetsMs: cause === 'stream_cut' ? offsets.slice(0, cutAt) : [],
          firstTokenMs: cause === 'stream_cut' ? ttft : undefined,
        };
        record.usage = { source: 'none' };
      }
      records.push(record);
      lanes[lane] = sent + e2e + Math.round(20 + random() * 40);
      if (breakAt && breakAt.turn === t) break;
    }
  }

  const header: RunHeader = {
    type: 'run',
    schemaVersion: 1,
    runId: `synthetic-${seed}`,
    harness: { name: 'chatproof', version: '0.1.0', node: process.version },
    startedAt: new Date(startMs).toISOString(),
    target: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'Qwen3-8B', stream: true },
    scenarios: [scenario],
    options: { concurrency: 4 },
    machine: { platform: 'linux', arch: 'x64', cpus: 2 },
  };
  const endedAt = new Date(Math.max(...lanes) + 50);
  return buildResults(header, records, endedAt, defaultSlos());
}
