// The terminal's "where did it forget" part, the same facts the HTML report leads with
// (report/findings.ts): the memory map as a compact table and the failures grouped by check
// across conversations, memory first, each with its counts and turns.
import type { Results } from '../../core/types.js';
import { type Finding, findings, memoryMaps } from '../findings.js';
import { displayWidth, formatMs, inertText, type Palette, padEnd, padStart } from '../text.js';

/** Cut at a word boundary (or between CJK characters) with an ellipsis, never mid-word. */
export function cutAtWord(text: string, maxColumns: number): string {
  const clean = inertText(text, 10_000);
  if (displayWidth(clean) <= maxColumns) return clean;
  let out = '';
  let lastBreak = 0;
  for (const ch of clean) {
    if (displayWidth(out + ch) > maxColumns - 1) break;
    out += ch;
    if (/[\s,;，；、]/.test(ch) || displayWidth(ch) === 2) lastBreak = out.length;
  }
  const cut = lastBreak > out.length / 2 ? out.slice(0, lastBreak) : out;
  return `${cut.trimEnd().replace(/[,;，；、]$/, '')}…`;
}

export function memoryMapLines(results: Results, c: Palette): string[] {
  const maps = memoryMaps(results);
  if (maps.length === 0) return [];
  const lines: string[] = ['', c.bold('  Memory (remembered / asked, per probe turn)')];
  for (const map of maps) {
    if (maps.length > 1) lines.push(c.dim(`  ${map.scenario}`));
    const label = (row: (typeof map.rows)[number]) => cutAtWord(row.fact ? `${row.fact}: ${row.text}` : row.text, 36);
    const width = Math.max(10, ...map.rows.map((r) => displayWidth(label(r)))) + 2;
    lines.push(c.dim(`  ${padEnd('fact', width)}${map.turns.map((n) => padStart(`T${n}`, 7)).join('')}`));
    for (const row of map.rows) {
      const cells = map.turns.map((n) => {
        const cell = row.cells.find((x) => x.turn === n);
        if (!cell) return padStart('·', 7);
        if (cell.total === 0) return padStart('–', 7);
        const text = padStart(`${cell.passed}/${cell.total}`, 7);
        return cell.passed === cell.total ? c.green(text) : c.red(text);
      });
      lines.push(`  ${padEnd(label(row), width)}${cells.join('')}`);
    }
  }
  return lines;
}

function firstWhy(results: Results, f: Finding): string {
  if (!f.first) return '';
  const turn = results.turns.find((t) => t.conversationId === f.first!.conversationId && t.turn === f.first!.turn);
  if (f.kind === 'interruption') return turn?.error?.message ?? '';
  const check = turn?.checks.find((x) => x.name === f.name && !x.passed);
  if (!check) return '';
  // A contains miss already names what it looked for ("none of X, Y found"); others need the goal.
  return check.found.startsWith('none of') ? check.found : `wanted ${check.expected}; got ${check.found}`;
}

function findingLine(results: Results, f: Finding, c: Palette): string[] {
  const turns = f.turns.length > 1 ? `turns ${f.turns.join(', ')}` : `turn ${f.turns[0] ?? '?'}`;
  const multi = results.run.scenarios.length > 1 ? `${f.scenario} ` : '';
  if (f.kind === 'latency')
    return [
      `  ${c.red('✗')} ${f.name} ${formatMs(f.actual ?? null)} ms, goal ${formatMs(f.goal ?? null)} ms` +
        ` · slowest ${turns}`,
    ];
  const name =
    f.kind === 'interruption'
      ? `interrupted: ${f.name}`
      : `${inertText(f.name, 60)}${f.fact ? ` (${inertText(f.fact, 30)})` : ''}` +
        `${f.kind === 'memory' ? ' [memory]' : ''}`;
  const counts =
    f.kind === 'interruption' ? `${f.failed}/${f.total} conversations` : `${f.total - f.failed}/${f.total} runs passed`;
  const why = firstWhy(results, f);
  return [
    `  ${c.red('✗')} ${multi}${name}  ${c.bold(counts)} · ${turns}`,
    ...(why ? [c.dim(`      ${cutAtWord(why, 110)}`)] : []),
  ];
}

/** The failures grouped by check (and cause), memory first, at most `max` groups. */
export function failureLines(results: Results, c: Palette, max: number): string[] {
  const all = findings(results);
  if (all.length === 0) return [];
  const shown = all.slice(0, max).flatMap((f) => findingLine(results, f, c));
  if (all.length > max) shown.push(c.dim(`  … and ${all.length - max} more failing checks (see the report)`));
  return ['', c.bold('  What failed (grouped across conversations, memory first)'), ...shown];
}
