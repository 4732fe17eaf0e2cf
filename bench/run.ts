// `npm run bench`: every benchmark in turn (client, report, server), each in its own process so
// none warms or slows another, then one summary of the speed goals they check:
// reports/bench/summary.json (and the table on stderr). Numbers, not tests: on a noisy machine a
// goal may miss by noise, so each goal shows the measured figure beside the target.
//   npm run bench [-- --only client,report,server] [--quick] [--strict]
// --quick: fewer repetitions and shorter phases (a smoke run, minutes instead of ~15).
// --strict: exit 1 when a goal is not met (default: exit 1 only when a benchmark fails to run).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Goal, goalsOf } from './goals.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'client,report,server' },
    quick: { type: 'boolean' },
    strict: { type: 'boolean' },
  },
});
const OUT = 'reports/bench';
const quick = values.quick === true;

/** Each benchmark's command line, and where its JSON lands. */
const BENCHES: Record<string, { args: string[]; json: string; fromStdout: boolean }> = {
  client: {
    args: [
      'bench/client.ts',
      '--out',
      `${OUT}/client.json`,
      ...(quick ? ['--reps', '3', '--seconds', '2', '--streams', '1,64,256'] : []),
    ],
    json: `${OUT}/client.json`,
    fromStdout: false,
  },
  report: {
    args: ['bench/report.ts', ...(quick ? ['--conversations', '200'] : [])],
    json: `${OUT}/report.json`,
    fromStdout: true,
  },
  server: {
    args: ['bench/server.ts', ...(quick ? ['--reps', '2', '--parallel', '1,4'] : [])],
    json: `${OUT}/server.json`,
    fromStdout: false,
  },
};

/** Runs one benchmark; its stderr (progress) passes through, its stdout is kept. */
function runBench(name: string, args: string[]): Promise<{ code: number; stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.on('error', (error) => {
      process.stderr.write(`bench ${name}: ${error.message}\n`);
    });
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout, seconds: Math.round((performance.now() - started) / 1000) }),
    );
  });
}

mkdirSync(OUT, { recursive: true });
const names = values
  .only!.split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(
    `npm run bench: unknown benchmark "${unknown.join('", "')}" in --only; choose from ` +
      `${Object.keys(BENCHES).join(', ')}.\n`,
  );
  process.exit(2);
}

const runs: Record<string, { exitCode: number; seconds: number }> = {};
const goals: Goal[] = [];
for (const name of names) {
  const bench = BENCHES[name]!;
  process.stderr.write(`\n== bench ${name}: node --import tsx ${bench.args.join(' ')}\n`);
  const run = await runBench(name, bench.args);
  runs[name] = { exitCode: run.code, seconds: run.seconds };
  if (run.code !== 0) {
    process.stderr.write(`bench ${name} failed (exit ${run.code}); its goals are not checked.\n`);
    continue;
  }
  let data: unknown;
  try {
    data = JSON.parse(bench.fromStdout ? run.stdout : readFileSync(bench.json, 'utf8'));
  } catch (error) {
    process.stderr.write(`bench ${name}: no JSON result (${(error as Error).message}).\n`);
    runs[name]!.exitCode = 1;
    continue;
  }
  if (bench.fromStdout) writeFileSync(bench.json, `${JSON.stringify(data, null, 2)}\n`);
  goals.push(...goalsOf(name, data));
}

const summary = {
  date: new Date().toISOString(),
  node: process.version,
  quick,
  runs,
  goals,
  allGoalsMet: goals.every((g) => g.met),
};
writeFileSync(`${OUT}/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
process.stderr.write('\n');
for (const g of goals)
  process.stderr.write(`${g.met ? 'met    ' : 'NOT MET'}  ${g.bench.padEnd(7)} ${g.goal}: ${g.measured}\n`);
process.stderr.write(`\nsummary: ${OUT}/summary.json\n`);
const crashed = Object.values(runs).some((r) => r.exitCode !== 0);
process.exit(crashed || (values.strict && !summary.allGoalsMet) ? 1 : 0);
