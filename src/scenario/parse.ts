// Source text -> validated, normalised Scenario, or a ScenarioError listing every problem.
import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import type { Scenario } from '../core/types.js';
import { normaliseScenario, type ScenarioFile } from './build.js';
import { locate } from './locate.js';
import { type AppliedOverride, applyOverrides, overrideFor } from './overrides.js';
import { formatPath, ScenarioError, type ScenarioProblem, sortProblems } from './problems.js';
import { type RawProblem, schemaProblems } from './schema.js';
import { semanticProblems } from './semantic.js';

const MAX_ALIAS_COUNT = 1000;
/** Past this many turns with the whole history resent, the prompt sizes grow into a problem. */
const LONG_HISTORY_TURNS = 1000;

/**
 * Every turn resends the whole conversation, so n turns send about n²/2 messages in all: 50,000
 * turns are 1.25 billion messages. Said before the run, with the setting that bounds it.
 */
function historyGrowthWarning(scenario: Scenario): string | undefined {
  const n = scenario.turns.length;
  if (n <= LONG_HISTORY_TURNS || scenario.params.max_history_turns !== undefined) return undefined;
  const messages = (n * (n + 1)) / 2;
  return (
    `${n.toLocaleString('en-US')} turns, each resending the whole history: about ` +
    `${messages.toLocaleString('en-US')} messages in all (the prompt grows with every turn, so the run's cost grows ` +
    'with the square of its length); set params.max_history_turns (e.g. 16) to keep a sliding window'
  );
}

export interface LoadedScenario {
  scenario: Scenario;
  /** Problems that do not stop a run (a fact no check probes, YAML warnings). */
  warnings: ScenarioProblem[];
}

function placeAll(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  applied: AppliedOverride[],
  raws: RawProblem[],
): ScenarioProblem[] {
  return raws.map((raw) => {
    const path = formatPath(raw.shownSegments);
    const override = overrideFor(applied, raw.segments);
    if (override) return { file: override.flag, path, message: raw.message };
    return {
      file,
      ...locate(doc, lineCounter, raw.segments, raw.anchor),
      path,
      message: raw.message + flowHint(doc, raw),
    };
  });
}

// In `{ turn: 1, text: 刚分手,很难过 }` the comma ends the entry and "很难过" becomes a key.
function flowHint(doc: Document, raw: RawProblem): string {
  if (!raw.message.startsWith('unknown key')) return '';
  const parent = doc.getIn(raw.shownSegments, true);
  return isMap(parent) && parent.flow
    ? '; inside { ... } a comma separates entries, so put text that contains a comma in quotes'
    : '';
}

const YAML_HINTS: Array<[RegExp, string]> = [
  [/^Block scalar header/, '; a value that starts with ">" or "|" must be quoted, e.g. contextAccuracy: ">= 90%"'],
  [
    /^Nested mappings are not allowed in compact mappings|^Implicit map keys need to be followed by map values/,
    '; text that contains ": " must be quoted',
  ],
];

function yamlMessage(e: Document['errors'][number]): string {
  if (e.code === 'MULTIPLE_DOCS')
    return 'the file holds more than one YAML document (a second "---"); put one scenario in each file';
  const text = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const hint = YAML_HINTS.find(([pattern]) => pattern.test(text))?.[1] ?? '';
  return `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${text}${hint}`;
}

function yamlProblems(file: string, errors: Document['errors'] | Document['warnings']): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const e of errors) {
    const line = e.linePos?.[0].line ?? 1;
    // One mistake often derails the rest of its line; later errors there are echoes.
    if (problems.some((p) => p.line === line)) continue;
    problems.push({ file, line, column: e.linePos?.[0].col ?? 1, path: '', message: yamlMessage(e) });
  }
  return problems;
}

/**
 * Parse, apply `--set` overrides, validate and normalise one scenario. Pure: no I/O beyond the
 * (cached) schema. Throws ScenarioError with all problems, sorted by position.
 */
export function parseScenario(source: string, file: string, overrides: readonly string[] = []): LoadedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new ScenarioError(yamlProblems(file, doc.errors));
  const warnings = yamlProblems(file, doc.warnings);

  if (!isMap(doc.contents)) {
    const what = doc.contents === null ? 'the file is empty' : 'the top level is not a mapping';
    throw new ScenarioError([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        message: `${what}; expected a mapping with at least "name:" and "turns:" (see docs/scenario-format.md)`,
      },
    ]);
  }

  const { applied, problems: overrideProblems } = applyOverrides(doc, overrides);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml stops an alias that expands without bound ("billion laughs") with a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    throw new ScenarioError([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        message:
          `YAML aliases (*name) expand to too much data (more than ${MAX_ALIAS_COUNT} references): the file looks ` +
          'like an alias bomb. Write the repeated text out, or use fewer aliases',
      },
    ]);
  }
  const semantic = semanticProblems(data);
  const errors = [
    ...overrideProblems,
    ...placeAll(doc, lineCounter, file, applied, schemaProblems(data)),
    ...placeAll(doc, lineCounter, file, applied, semantic.errors),
  ];
  if (errors.length > 0) throw new ScenarioError(errors);

  warnings.push(...placeAll(doc, lineCounter, file, applied, semantic.warnings));
  const scenario = normaliseScenario(data as ScenarioFile, file);
  const growth = historyGrowthWarning(scenario);
  if (growth) warnings.push({ file, line: 1, column: 1, path: 'turns', message: growth });
  return { scenario, warnings: sortProblems(warnings) };
}
