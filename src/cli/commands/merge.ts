// chatproof merge <results.json|run-dir...> --out DIR: combine the shards of one load run
// (--shard i/n on several processes or machines) into one results.json. Histograms add exactly,
// so the merged percentiles are those of one run that did all the shards' work.

import path from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import type { Results, RunHeader } from '../../core/types.js';
import { MergeError, mergeLoadSections } from '../../load/merge.js';
import { renderLoadSummary } from '../../report/terminal/load.js';
import { paletteFor } from '../../report/text.js';
import { buildResults } from '../../score/results.js';
import { claimOutDir } from '../../store/out-dir.js';
import { readResultsFile, resolveResultsPath, writeResultsJson } from '../../store/results-file.js';
import { parseCommandArgs } from '../flags.js';
import { MERGE_HELP } from '../help/merge.js';
import { writeReports } from '../write-reports.js';

const OPTIONS = {
  out: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function readShard(given: string): Results {
  const data = readResultsFile(given);
  if (!data.load || !Array.isArray(data.load.levels)) {
    throw new ChatproofError(
      `chatproof merge: ${resolveResultsPath(given)} holds no load results; merge the results.json files written by ` +
        `"chatproof load --shard i/n".`,
    );
  }
  return data;
}

export async function mergeCommand(
  argv: string[],
  io: { stdout: { write(t: string): unknown; isTTY?: boolean } } = { stdout: process.stdout },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('merge', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(MERGE_HELP);
    return EXIT.ok;
  }
  if (positionals.length < 2)
    throw new ChatproofError(
      'chatproof merge: name at least two shard results, e.g. "chatproof merge run-1/ run-2/ --out merged/".',
    );
  const out = values.out as string | undefined;
  if (!out) throw new ChatproofError('chatproof merge: --out DIR is required (where the merged results.json goes).');
  const shards = positionals.map(readShard);
  let load: ReturnType<typeof mergeLoadSections>;
  try {
    load = mergeLoadSections(shards.map((s) => s.load!));
  } catch (error) {
    if (error instanceof MergeError) throw new ChatproofError(`chatproof merge: ${error.message}.`);
    throw error;
  }
  const first = shards[0]!;
  const header: RunHeader = {
    type: 'run',
    schemaVersion: 1,
    ...first.run,
    options: { ...first.run.options, shard: load.shards.join(',') },
  };
  const endedAt = new Date(Math.max(...shards.map((s) => Date.parse(s.run.endedAt))));
  const records = shards.flatMap((s) => s.turns);
  const results: Results = { ...buildResults(header, records, endedAt, load.slos), load };
  // Claimed only now, with the merge in hand: bad shards leave no empty folder behind.
  claimOutDir(out, 'merge', { flag: 'chatproof merge: --out' });
  const resultsPath = path.join(out, 'results.json');
  writeResultsJson(resultsPath, results);
  await writeReports(results, out, { lang: 'en', html: true, log: (l) => io.stdout.write(`${l}\n`) });
  if (!values.quiet) io.stdout.write(renderLoadSummary(load, paletteFor(io.stdout), resultsPath));
  return EXIT.ok;
}
