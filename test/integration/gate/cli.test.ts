// chatproof compare / gate on files: exit codes, clear errors for bad baselines, CI outputs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { parseTolerance } from '../../../src/cli/flags.js';
import { writeGateOutputs } from '../../../src/cli/gate-outputs.js';
import { ChatproofError } from '../../../src/core/errors.js';
import { gateRun } from '../../../src/gate/run-gate.js';
import { readResultsFile } from '../../../src/store/results-file.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatproof-cli-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function io(): { stdout: PassThrough & { isTTY: boolean }; stderr: PassThrough; text: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), text: () => chunks.join('') };
}

function save(name: string, data: unknown): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), typeof data === 'string' ? data : JSON.stringify(data));
  return folder;
}

const good = syntheticResults({ conversations: 12, turns: 6, seed: 3, lang: 'en' });
const goodDir = save('good', good);

async function cliError(run: () => Promise<unknown>): Promise<ChatproofError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ChatproofError) return error;
    throw error;
  }
  throw new Error('expected a ChatproofError');
}

t.test('a corrupt or mismatched baseline gets one clear error naming the file, exit 2', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['truncated', JSON.stringify(good).slice(0, 500), /is not valid JSON .*truncated/],
    ['empty', '', /is not valid JSON \(it is empty\)/],
    ['other-tool', { results: [] }, /is not a chatproof results file/],
    ['future', { ...good, schemaVersion: 2 }, /field "schemaVersion" is 2, but this chatproof reads version 1/],
    [
      'edited',
      { ...good, summary: { ...good.summary, verdict: 'maybe' } },
      /does not match schemas\/results.schema.json: summary.verdict/,
    ],
  ];
  for (const [name, data, message] of cases) {
    const folder = save(name, data);
    const error = await cliError(() => compareCommand([folder, goodDir], io()));
    t.equal(error.exitCode, 2, `${name}: exit 2`);
    t.match(error.message, message, `${name}: ${error.message}`);
    t.match(error.message, path.join(folder, 'results.json'), `${name}: names the file`);
    t.notMatch(error.message, /\n\s+at /, 'no stack trace');
  }
  const missing = await cliError(() => compareCommand([path.join(dir, 'nope'), goodDir], io()));
  t.match(missing.message, /nope: no such file or folder/);
  const noResults = path.join(dir, 'empty-dir');
  mkdirSync(noResults);
  t.match(
    (await cliError(() => compareCommand([noResults, goodDir], io()))).message,
    /holds neither a results.json nor run folders/,
  );
  const other = structuredClone(good);
  other.run.scenarios[0].name = 'another-scenario';
  const mismatch = await cliError(() => compareCommand([save('mismatch', other), goodDir], io()));
  t.equal(mismatch.exitCode, 2);
  t.match(mismatch.message, /share no scenario/);
  t.equal(readResultsFile(goodDir).run.runId, good.run.runId, 'a good run folder loads');
});

t.test('exit codes: 1 on regression, 4 inconclusive only when asked, 3 unreachable', async (t) => {
  const slow = save('slow', syntheticResults({ conversations: 40, turns: 6, seed: 4, lang: 'en', latencyScale: 1.5 }));
  const base = save('base', syntheticResults({ conversations: 40, turns: 6, seed: 5, lang: 'en' }));
  const out = io();
  t.equal(
    await compareCommand(
      [
        base,
        slow,
        '--slo',
        'e2e.p95<=100s',
        '--slo',
        'accuracy>=0%',
        '--slo',
        'interruptions<=100%',
        '--html',
        path.join(dir, 'c.html'),
      ],
      out,
    ),
    1,
  );
  t.match(out.text(), /REGRESSION/);
  const tiny = save('tiny', syntheticResults({ conversations: 3, turns: 6, seed: 6, lang: 'en' }));
  const loose = ['--slo', 'e2e.p95<=100s', '--slo', 'accuracy>=0%', '--slo', 'interruptions<=100%', '--quiet'];
  t.equal(await compareCommand([tiny, tiny, ...loose], io()), 0, 'inconclusive passes by default');
  t.equal(
    await compareCommand([tiny, tiny, ...loose, '--fail-inconclusive'], io()),
    4,
    'exit 4 with --fail-inconclusive',
  );
  const down = structuredClone(good);
  for (const turn of down.turns)
    Object.assign(turn, { ok: false, checks: [], error: { cause: 'connection_refused', message: 'ECONNREFUSED' } });
  t.equal(await gateCommand([save('down', down), '--quiet'], io()), 3);
  t.equal(await gateCommand([goodDir, '--slo', 'e2e.p95<=1ms', '--quiet'], io()), 1, "--slo overrides the run's SLO");
  t.equal(
    await gateCommand(
      [goodDir, '--slo', 'e2e.p95<=100s', '--slo', 'accuracy>=0%', '--slo', 'interruptions<=100%', '--quiet'],
      io(),
    ),
    0,
  );
  t.match((await cliError(() => gateCommand([goodDir, '--slo', 'e2e.p95<=fast'], io()))).message, /--slo: SLO/);
  t.match((await cliError(() => compareCommand([goodDir], io()))).message, /expected two runs/);
});

t.test('--tolerance parsing', async (t) => {
  t.equal(parseTolerance('--tolerance', '10%'), 0.1);
  t.equal(parseTolerance('--tolerance', '0.25'), 0.25);
  t.throws(() => parseTolerance('--tolerance', '10'), /ambiguous/);
  t.throws(() => parseTolerance('--tolerance', 'ten'), /expected a percentage/);
});

t.test('gate outputs: JUnit, Markdown and compare.html written, GITHUB_STEP_SUMMARY appended', async (t) => {
  const outDir = path.join(dir, 'gate-out');
  const summaryFile = path.join(dir, 'step-summary.md');
  writeFileSync(summaryFile, '# earlier step\n');
  const result = await gateRun(good, { baselinePath: goodDir, outDir });
  const lines = writeGateOutputs(good, result, {
    outDir,
    junitPath: path.join(outDir, 'junit.xml'),
    markdownPath: path.join(outDir, 'summary.md'),
    env: { GITHUB_STEP_SUMMARY: summaryFile },
  });
  t.ok(result.comparison, 'compared with the baseline');
  t.match(readFileSync(path.join(outDir, 'junit.xml'), 'utf8'), /^<\?xml/);
  t.match(readFileSync(path.join(outDir, 'compare.html'), 'utf8'), /^<!DOCTYPE html>/);
  const summary = readFileSync(summaryFile, 'utf8');
  t.match(summary, /^# earlier step\n## /, 'appended, not overwritten');
  t.equal(readFileSync(path.join(outDir, 'summary.md'), 'utf8'), summary.slice('# earlier step\n'.length));
  t.ok(lines.some((l) => l.includes('compare.html')));
  const unwritable = await cliError(async () =>
    writeGateOutputs(good, await gateRun(good, { outDir }), {
      outDir,
      junitPath: path.join(dir, 'good', 'results.json', 'x.xml'),
    }),
  );
  t.match(unwritable.message, /cannot write the JUnit XML/);
});
