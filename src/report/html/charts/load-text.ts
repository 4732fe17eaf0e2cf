// Words of the load section and its charts, English and Simplified Chinese. Kept beside the
// load modules (the shared i18n tables belong to the report's owner).
import type { ReportLang } from '../../i18n/strings.js';

const EN = {
  section: 'Under load',
  intro:
    'Each level ran virtual users playing the scenarios with live history. Latency is measured from the send; ' +
    '"E2E+queue" adds the time requests waited inside the harness after their intended start (coordinated ' +
    'omission).',
  level: 'Level',
  load: 'Load',
  conversations: 'Conv.',
  reqPerSec: 'Req/s',
  tokPerSec: 'Tokens/s',
  goodput: 'Goodput/s',
  ttft: 'TTFT p95',
  e2e: 'E2E',
  queue: 'Queue p99',
  fromIntended: 'E2E+queue p99',
  accuracy: 'Accuracy',
  interruptions: 'Interrupted',
  slos: 'SLOs',
  health: 'Harness health',
  healthHelp:
    'The load generator itself: turns whose timestamps were taken through an event-loop stall, event-loop ' +
    'delay, how late scheduled sends started, its CPU. A level where the harness fell behind is invalid.',
  suspect: 'Turns timed through a stall',
  eventLoop: 'Event-loop p99',
  scheduleLag: 'Schedule lag p99',
  cpu: 'CPU (share of a core)',
  valid: 'Valid',
  invalid: 'INVALID',
  knee: 'Knee: {load} is the largest load that met every SLO.',
  noKnee: 'No level met every SLO.',
  users: '{n} users',
  user: '{n} user',
  rate: '{n} conv/s',
  chartLatency: 'Latency vs load',
  chartLatencyHelp:
    'Percentiles per load level; the grey dotted line adds the queue before the send (from the intended start).',
  chartQuality: 'Accuracy and interruptions vs load',
  chartQualityHelp: 'Context accuracy should not fall as load rises; interruptions should stay near zero.',
  chartThroughput: 'Throughput and goodput vs load',
  chartThroughputHelp: 'Goodput counts only conversations that met every SLO: where it stops rising, the knee is.',
  chartSeries: 'Per-second time series',
  chartSeriesHelp: 'Requests sent per second and mean end-to-end latency, level after level.',
  chartDepth: 'End-to-end p95 by turn depth, per level',
  chartDepthHelp: 'Does latency grow with history, and faster under load?',
  axisLoad: 'load level',
  axisMs: 'milliseconds',
  axisPct: '%',
  axisPerSec: 'per second',
  axisSeconds: 'seconds since the first window',
  axisTurn: 'turn',
  kneeMark: ' ★ knee',
};

const ZH: typeof EN = {
  section: '负载下表现',
  intro:
    '每个负载级别由虚拟用户按场景进行真实多轮对话。延迟从发送时刻计算；"端到端+排队"加上了请求自计划开始后在压测端内部等待的时间（协同遗漏）。',
  level: '级别',
  load: '负载',
  conversations: '对话数',
  reqPerSec: '请求/秒',
  tokPerSec: '输出 token/秒',
  goodput: '有效吞吐（对话/秒）',
  ttft: '首 token p95',
  e2e: '端到端',
  queue: '排队 p99',
  fromIntended: '端到端+排队 p99',
  accuracy: '上下文准确率',
  interruptions: '中断率',
  slos: 'SLO',
  health: '压测端健康度',
  healthHelp:
    '压测端自身：计时时遇到事件循环卡顿的轮次、事件循环延迟、计划发送的滞后、CPU 占用。压测端跟不上的级别无效。',
  suspect: '计时遇卡顿的轮次',
  eventLoop: '事件循环 p99',
  scheduleLag: '调度滞后 p99',
  cpu: 'CPU（单核占比）',
  valid: '有效',
  invalid: '无效',
  knee: '拐点：{load} 是满足全部 SLO 的最大负载。',
  noKnee: '没有任何级别满足全部 SLO。',
  users: '{n} 个用户',
  user: '{n} 个用户',
  rate: '{n} 对话/秒',
  chartLatency: '延迟随负载变化',
  chartLatencyHelp: '各负载级别的分位数；灰色虚线为含排队的端到端延迟。',
  chartQuality: '准确率与中断率随负载变化',
  chartQualityHelp: '负载升高时上下文准确率不应下降，中断率应接近零。',
  chartThroughput: '吞吐与有效吞吐随负载变化',
  chartThroughputHelp: '有效吞吐只计满足全部 SLO 的对话：它不再上升处即拐点。',
  chartSeries: '逐秒时间序列',
  chartSeriesHelp: '各级别依次的每秒发送请求数与平均端到端延迟。',
  chartDepth: '各级别按轮次的端到端 p95',
  chartDepthHelp: '延迟是否随历史增长，负载下是否增长更快？',
  axisLoad: '负载级别',
  axisMs: '毫秒',
  axisPct: '%',
  axisPerSec: '每秒',
  axisSeconds: '自首个窗口起的秒数',
  axisTurn: '轮次',
  kneeMark: ' ★ 拐点',
};

export type LoadText = typeof EN;

export function loadText(lang: ReportLang): LoadText {
  return lang === 'zh-CN' ? ZH : EN;
}

export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
