// Compact transcript data for the page script. Strings are interned (the same user
// message and check names repeat in every conversation), and turns use short keys.
// Above a size threshold the JSON is gzipped and base64-encoded; the browser inflates it
// with DecompressionStream, keeping a 1,000-conversation report small enough to e-mail.
// Long thinking is cut per turn first (thinking-cut.ts): gzip alone cannot make it small.
import { gzipSync } from 'node:zlib';
import type { ConversationRow, Results, TurnRecord } from '../../core/types.js';
import { checkDetail, checkSpecOf } from '../check-detail.js';
import type { ReportLang } from '../i18n/strings.js';
import { cutThinking, resolveThinkingLimits, type ThinkingCutSummary, type ThinkingLimits } from './thinking-cut.js';

export interface CompactTurn {
  /** turn number */ n: number;
  /** user text (string index) */ u: number;
  /** model reply (string index) */ a: number;
  /** reasoning (string index), maybe only its start */ r?: number;
  /** characters of reasoning left out of the report (absent when none) */ rx?: number;
  ok: 0 | 1;
  /** TTFT, end-to-end ms */ tt?: number;
  e?: number;
  /** output tokens */ tk?: number;
  /** error: cause, message (string indexes) */ er?: [number, number];
  /**
   * checks: name, passed, expected, got (string indexes, worded in the report's language), memory
   * flag, kind (string index).
   */
  k: Array<[number, 0 | 1, number, number, 0 | 1, number]>;
  /** Parts of the reply to mark: start, end (UTF-16 offsets), 1 when the check it serves passed. */
  m?: Array<[number, number, 0 | 1]>;
}

export interface CompactConversation {
  id: number;
  st: ConversationRow['status'];
  ca?: string;
  d: number;
  p: number;
  /** failed checks */ f: number;
  t: CompactTurn[];
}

export interface TranscriptData {
  str: string[];
  list: CompactConversation[];
}

export type EmbeddedTranscripts = { json: TranscriptData } | { gz: string };

const failedIdsCache = new WeakMap<Results, Set<string>>();

/** Ids of conversations with at least one failed check. */
function failedCheckIds(results: Results): Set<string> {
  let ids = failedIdsCache.get(results);
  if (!ids) {
    ids = new Set(results.turns.filter((t) => t.checks.some((c) => !c.passed)).map((t) => t.conversationId));
    failedIdsCache.set(results, ids);
  }
  return ids;
}

/** What "failures only" shows: interrupted or unfinished conversations and any with a failed check. */
export function isFailedConversation(row: ConversationRow, results: Results): boolean {
  return row.status !== 'completed' || failedCheckIds(results).has(row.id);
}

function round(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Math.round(v);
}

export function buildTranscriptData(
  results: Results,
  limits: ThinkingLimits = resolveThinkingLimits(),
  lang: ReportLang = 'en',
): TranscriptData {
  const str: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = str.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const byConversation = new Map<string, TurnRecord[]>();
  for (const t of results.turns) {
    const list = byConversation.get(t.conversationId);
    if (list) list.push(t);
    else byConversation.set(t.conversationId, [t]);
  }
  const list = results.conversations.map((row): CompactConversation => {
    const turns = (byConversation.get(row.id) ?? []).sort((a, b) => a.turn - b.turn);
    let failedChecks = 0;
    const t = turns.map((rec): CompactTurn => {
      const marks: NonNullable<CompactTurn['m']> = [];
      const k = rec.checks.map((c): CompactTurn['k'][number] => {
        if (!c.passed) failedChecks++;
        const detail = checkDetail(c, checkSpecOf(results, rec, c), rec.content, lang);
        // A passed check marks what it found; a failed one what it objected to (not_contains).
        for (const at of detail.marks) marks.push([at.start, at.end, c.passed ? 1 : 0]);
        return [
          intern(c.name),
          c.passed ? 1 : 0,
          intern(detail.expected),
          intern(detail.got),
          c.memory ? 1 : 0,
          intern(c.kind),
        ];
      });
      const turn: CompactTurn = { n: rec.turn, u: intern(rec.user), a: intern(rec.content), ok: rec.ok ? 1 : 0, k };
      if (marks.length) turn.m = disjoint(marks);
      if (rec.reasoning) {
        // Same notion of "failed" as the page's red turn: an error or a failed check.
        const failed = !rec.ok || rec.checks.some((c) => !c.passed);
        const { kept, omitted } = cutThinking(rec.reasoning, failed ? limits.maxFailedChars : limits.maxChars);
        turn.r = intern(kept);
        if (omitted > 0) turn.rx = omitted;
      }
      if (rec.timing.firstTokenMs !== undefined) turn.tt = round(rec.timing.firstTokenMs);
      if (rec.timing.endMs !== undefined) turn.e = round(rec.timing.endMs);
      if (rec.usage.completionTokens !== undefined) turn.tk = rec.usage.completionTokens;
      if (rec.error) turn.er = [intern(rec.error.cause), intern(rec.error.message)];
      return turn;
    });
    const conv: CompactConversation = {
      id: intern(row.id),
      st: row.status,
      d: row.turnsDone,
      p: row.turnsPlanned,
      f: failedChecks,
      t,
    };
    if (row.cause) conv.ca = row.cause;
    return conv;
  });
  return { str, list };
}

/** Marks sorted and without overlaps (the earlier one wins), so the page can split the reply once. */
function disjoint(marks: NonNullable<CompactTurn['m']>): NonNullable<CompactTurn['m']> {
  const out: NonNullable<CompactTurn['m']> = [];
  for (const m of [...marks].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (!last || m[0] >= last[1]) out.push(m);
  }
  return out;
}

/** How much thinking `buildTranscriptData` left out, read back from its output. */
export function summarizeThinkingCut(data: TranscriptData, limits: ThinkingLimits): ThinkingCutSummary {
  const summary: ThinkingCutSummary = { limits, turns: 0, turnsWithThinking: 0, omittedChars: 0 };
  for (const conv of data.list) {
    for (const turn of conv.t) {
      if (turn.r !== undefined) summary.turnsWithThinking++;
      if (turn.rx) {
        summary.turns++;
        summary.omittedChars += turn.rx;
      }
    }
  }
  return summary;
}

/** Plain JSON when small (readable in the file), gzip+base64 above `compressAboveBytes`. */
export function embedTranscripts(data: TranscriptData, compressAboveBytes: number): EmbeddedTranscripts {
  const json = JSON.stringify(data);
  if (Buffer.byteLength(json) <= compressAboveBytes) return { json: data };
  return { gz: gzipSync(json, { level: 9 }).toString('base64') };
}
