// Every YAML example in docs/scenario-format.md pastes and runs: a full scenario loads as it is,
// a list is a turn's checks, a mapping is a top-level section. Each is loaded by the real loader
// with zero errors, so the docs cannot show a form the loader refuses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { parseScenario } from '../../../src/scenario/index.js';
import { ROOT } from '../../helpers/eval-harness.js';

const DOC = path.join(ROOT, 'docs/scenario-format.md');

function yamlBlocks(markdown: string): Array<{ line: number; source: string }> {
  const blocks: Array<{ line: number; source: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```yaml') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    blocks.push({ line: start + 1, source: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** A scenario around a fragment: a list becomes turn 4's checks, a mapping is merged at the top. */
function scenarioAround(fragment: unknown): string {
  const checks = Array.isArray(fragment) ? fragment : [];
  const factIds = checks.flatMap((c) => (typeof c?.fact === 'string' ? [c.fact] : []));
  const base: Record<string, unknown> = {
    name: 'doc-example',
    facts: Object.fromEntries(factIds.map((id) => [id, { turn: 1, text: `fact ${id}` }])),
    turns: [
      { user: 'first' },
      { user: 'second' },
      { user: 'third' },
      { user: 'fourth', checks: checks.length > 0 ? checks : [{ memory: true, contains: 'x' }] },
    ],
    ...(Array.isArray(fragment) ? {} : (fragment as Record<string, unknown>)),
  };
  return JSON.stringify(base);
}

t.test('every YAML example in docs/scenario-format.md loads', async (t) => {
  const blocks = yamlBlocks(readFileSync(DOC, 'utf8'));
  t.ok(blocks.length >= 10, `found ${blocks.length} YAML examples`);
  let loaded = 0;
  for (const { line, source } of blocks) {
    const data = parse(source) as unknown;
    if (data === null) {
      t.match(source, /yaml-language-server/, `line ${line}: an empty example is only the schema modeline`);
      continue;
    }
    const full = typeof data === 'object' && !Array.isArray(data) && 'name' in (data as object);
    const text = full ? source : scenarioAround(data);
    try {
      parseScenario(text, `docs/scenario-format.md:${line}`);
      loaded++;
    } catch (error) {
      t.fail(`docs/scenario-format.md:${line}: ${(error as Error).message}`);
    }
  }
  t.equal(loaded, blocks.length - 1, 'all but the modeline loaded');
});

t.test('the documented matching table holds', async (t) => {
  const { includesNormalized } = await import('../../../src/score/text-match.js');
  const doc = readFileSync(DOC, 'utf8');
  const table = doc.slice(doc.indexOf('| Term | Reply | Match |'));
  const rows = table
    .split('\n')
    .slice(2)
    .filter((l) => l.startsWith('| `'));
  t.ok(rows.length >= 8);
  for (const row of rows) {
    const [term, reply, match] = row
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim());
    const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
    t.equal(includesNormalized(unquote(reply), unquote(term)), match.startsWith('yes'), row);
  }
});
