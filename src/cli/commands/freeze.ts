// chatproof freeze <run-dir>: a simulated dialogue as a fixed scenario YAML.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { freezeConversation } from '../../run/freeze.js';
import { readTurnLog } from '../../store/turn-log-reader.js';
import { parseCommandArgs } from '../flags.js';
import { FREEZE_HELP } from '../help/freeze.js';

const OPTIONS = {
  conversation: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function freezeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('freeze', argv, OPTIONS);
  if (values.help) {
    process.stdout.write(FREEZE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new ChatproofError('chatproof freeze: name one run folder.');
  const turnsFile = path.join(positionals[0], 'turns.jsonl');
  if (!existsSync(turnsFile)) {
    throw new ChatproofError(
      `chatproof freeze: ${positionals[0]} holds no turns.jsonl; name the folder of an eval run.`,
    );
  }
  const { header, records } = await readTurnLog(turnsFile);
  const frozen = freezeConversation(header, records, values.conversation as string | undefined);
  const out = (values.out as string | undefined) ?? path.join(positionals[0], `${frozen.name}.yaml`);
  try {
    writeFileSync(out, frozen.yaml, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ChatproofError(
      code === 'EEXIST'
        ? `--out ${out}: the file exists; freeze never overwrites.`
        : `--out ${out}: cannot write (${code}).`,
    );
  }
  process.stdout.write(`Froze ${frozen.turns} turns of ${frozen.conversationId} into ${out}\n`);
  return EXIT.ok;
}
