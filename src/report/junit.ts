// JUnit XML for CI test reports (Jenkins, GitLab, GitHub test reporters): one test case per
// SLO, per check, per conversation and per compared figure. Shape of the Jenkins/Ant JUnit
// XSD: testsuites > testsuite(name, tests, failures, errors, skipped, time) >
// testcase(name, classname, time) > failure(message) | error(message) | skipped.
// Load runs: a case per level x SLO and per gate decision instead of the run-wide SLOs, and no
// case per conversation (a load run has thousands; interruptions are a per-level SLO figure).

import type { Comparison } from '../compare/types.js';
import type { Results } from '../core/types.js';
import { levelReason } from '../gate/load-gate.js';
import type { LoadGate } from '../gate/types.js';
import { formatFigure } from '../metrics/format.js';
import { figureLabel } from '../metrics/registry.js';
import { rowBounds, rowChange, rowLabel, rowValue } from './compare/format.js';
import { byLoadOrder } from './compare/load.js';

interface Case {
  name: string;
  classname: string;
  seconds: number;
  outcome?: { kind: 'failure' | 'error'; message: string; text: string } | { kind: 'skipped'; text: string };
}

/** XML 1.0 forbids most control characters and lone surrogates even when escaped: drop them. */
function xmlText(value: string): string {
  return value
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

const seconds = (s: number): string => (Number.isFinite(s) && s > 0 ? s : 0).toFixed(3);

function suite(
  name: string,
  cases: Case[],
): { xml: string; tests: number; failures: number; errors: number; skipped: number; time: number } {
  const failures = cases.filter((c) => c.outcome?.kind === 'failure').length;
  const errors = cases.filter((c) => c.outcome?.kind === 'error').length;
  const skipped = cases.filter((c) => c.outcome?.kind === 'skipped').length;
  const time = cases.reduce((s, c) => s + c.seconds, 0);
  const body = cases.map((c) => {
    const open =
      `    <testcase name="${xmlText(c.name)}" classname="${xmlText(c.classname)}" ` + `time="${seconds(c.seconds)}"`;
    if (!c.outcome) return `${open}/>`;
    const inner =
      c.outcome.kind === 'skipped'
        ? `<skipped>${xmlText(c.outcome.text)}</skipped>`
        : `<${c.outcome.kind} message="${xmlText(c.outcome.message)}" ` +
          `type="${c.outcome.kind === 'failure' ? 'AssertionError' : 'Interrupted'}">` +
          `${xmlText(c.outcome.text)}</${c.outcome.kind}>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  const xml =
    `  <testsuite name="${xmlText(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" ` +
    `skipped="${skipped}" time="${seconds(time)}">\n` +
    (body.length ? `${body.join('\n')}\n` : '') +
    '  </testsuite>';
  return { xml, tests: cases.length, failures, errors, skipped, time };
}

function sloCases(results: Results): Case[] {
  return results.summary.slo.map((v) => {
    const actual = formatFigure(v.metric, v.actual);
    const goal = `${figureLabel(v.metric)} ${v.op} ${formatFigure(v.metric, v.threshold)}`;
    const c: Case = { name: `${v.source} (${goal})`, classname: 'chatproof.slo', seconds: 0 };
    if (v.passed === false)
      c.outcome = {
        kind: 'failure',
        message: `${goal}: measured ${actual}`,
        text: `SLO ${v.source} not met: measured ${actual}.`,
      };
    else if (v.passed === null) c.outcome = { kind: 'skipped', text: `${goal}: could not be measured (no samples).` };
    return c;
  });
}

function checkCases(results: Results): Case[] {
  const meanE2e = new Map(results.byTurn.map((t) => [`${t.scenario}#${t.turn}`, t.e2eMs.mean ?? 0]));
  return results.byCheck.map((row) => {
    const c: Case = {
      name: `turn ${row.turn}: ${row.name}`,
      classname: `chatproof.checks.${row.scenario}`,
      seconds: (meanE2e.get(`${row.scenario}#${row.turn}`) ?? 0) / 1000,
    };
    const failed = row.checks.total - row.checks.passed;
    if (failed > 0) {
      const examples = results.turns
        .filter((t) => t.scenario === row.scenario && t.turn === row.turn)
        .flatMap((t) =>
          t.checks
            .filter((k) => k.name === row.name && !k.passed)
            .map((k) => `${t.conversationId}: expected ${k.expected}; found ${k.found}`),
        )
        .slice(0, 5);
      c.outcome = {
        kind: 'failure',
        message: `failed in ${failed} of ${row.checks.total} runs`,
        text: examples.join('\n'),
      };
    } else if (row.checks.total === 0) {
      c.outcome = { kind: 'skipped', text: 'never evaluated: every run of this turn failed before a reply' };
    }
    return c;
  });
}

function conversationCases(results: Results): Case[] {
  const durations = new Map<string, number>();
  for (const t of results.turns)
    durations.set(t.conversationId, (durations.get(t.conversationId) ?? 0) + (t.timing.endMs ?? 0) / 1000);
  return results.conversations.map((conv) => {
    const c: Case = {
      name: conv.id,
      classname: `chatproof.conversations.${conv.scenario}`,
      seconds: durations.get(conv.id) ?? 0,
    };
    if (conv.status === 'interrupted') {
      const turn = results.turns.find((t) => t.conversationId === conv.id && !t.ok);
      c.outcome = {
        kind: 'error',
        message: `interrupted at turn ${conv.turnsDone + 1} of ${conv.turnsPlanned}: ${conv.cause ?? 'unknown cause'}`,
        text: turn?.error?.message ?? '',
      };
    } else if (conv.status === 'incomplete') {
      c.outcome = {
        kind: 'skipped',
        text: `incomplete: the run stopped after ${conv.turnsDone} of ${conv.turnsPlanned} turns`,
      };
    }
    return c;
  });
}

function comparisonCases(comparison: Comparison): Case[] {
  return comparison.rows.map((row) => {
    const c: Case = { name: `${rowLabel(row)} vs baseline`, classname: 'chatproof.regression', seconds: 0 };
    const detail =
      `baseline ${rowValue(row, 'baseline')}, candidate ${rowValue(row, 'candidate')}, change ` +
      `${rowChange(row)} (bounds ${rowBounds(row)}): ${row.reason}`;
    if (row.verdict === 'regression')
      c.outcome = { kind: 'failure', message: `regression: ${row.reason}`, text: detail };
    else if (row.verdict === 'inconclusive' || row.verdict === 'no-data')
      c.outcome = { kind: 'skipped', text: `${row.verdict}: ${detail}` };
    return c;
  });
}

/**
 * A case per level x SLO. Only gated levels can fail: a level the gate does not decide on
 * (outside --at-load, above the knee of a sweep) is reported as skipped with its result, so
 * the test report's failures are the gate's. A gated level whose harness fell behind is an
 * error on every SLO: its figures can be neither a pass nor a fail.
 */
function loadLevelCases(gate: LoadGate): Case[] {
  return byLoadOrder(gate.levels).flatMap((level) =>
    level.slo.map((v) => {
      const goal = `${figureLabel(v.metric)} ${v.op} ${formatFigure(v.metric, v.threshold)}`;
      const actual = formatFigure(v.metric, v.actual);
      const c: Case = {
        name: `level ${level.index} (${level.label}): ${v.source}`,
        classname: `chatproof.load.level${level.index}`,
        seconds: 0,
      };
      const notGated = `not gated (${level.label} does not decide this gate)`;
      if (level.status === 'invalid') {
        const text = `${goal}: measured ${actual}, but ${levelReason(level)}.`;
        c.outcome = level.gated
          ? { kind: 'error', message: `harness fell behind at ${level.label}: never counts as a pass`, text }
          : { kind: 'skipped', text: `${notGated}; ${text}` };
      } else if (v.passed === false) {
        c.outcome = level.gated
          ? {
              kind: 'failure',
              message: `${goal}: measured ${actual} at ${level.label}`,
              text: `SLO ${v.source} not met at level ${level.index} (${level.label}): measured ${actual}.`,
            }
          : { kind: 'skipped', text: `${notGated}; not met: measured ${actual}.` };
      } else if (v.passed === null) {
        c.outcome = { kind: 'skipped', text: `${goal}: could not be measured at ${level.label}.` };
      }
      return c;
    }),
  );
}

function loadGateCases(gate: LoadGate): Case[] {
  return gate.checks.map((check) => {
    const c: Case = { name: check.name, classname: 'chatproof.load.gate', seconds: 0 };
    if (check.outcome === 'fail')
      c.outcome = { kind: 'failure', message: `${check.name}: ${check.message}`, text: check.message };
    else if (check.outcome === 'invalid')
      c.outcome = { kind: 'error', message: `${check.name}: the harness fell behind`, text: check.message };
    else if (check.outcome === 'unknown') c.outcome = { kind: 'skipped', text: check.message };
    return c;
  });
}

export function renderJUnit(results: Results, comparison?: Comparison, loadGate?: LoadGate): string {
  const suites = [
    ...(loadGate
      ? [suite('chatproof.load.slo', loadLevelCases(loadGate)), suite('chatproof.load.gate', loadGateCases(loadGate))]
      : [suite('chatproof.slo', sloCases(results))]),
    suite('chatproof.checks', checkCases(results)),
    ...(loadGate ? [] : [suite('chatproof.conversations', conversationCases(results))]),
    ...(comparison ? [suite('chatproof.regression', comparisonCases(comparison))] : []),
  ];
  const sum = (k: 'tests' | 'failures' | 'errors'): number => suites.reduce((s, x) => s + x[k], 0);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="chatproof" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" ` +
    `time="${seconds(results.run.durationMs / 1000)}">\n` +
    suites.map((s) => s.xml).join('\n') +
    '\n</testsuites>\n'
  );
}
