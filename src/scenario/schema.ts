// JSON Schema validation of a parsed scenario, with ajv's errors rewritten for people.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { didYouMean, suggestion } from '../core/suggest.js';
import type { Anchor, PathSegment } from './locate.js';

/** schemas/scenario.schema.json, next to src/ in the package. */
export const SCENARIO_SCHEMA_URL = new URL('../../schemas/scenario.schema.json', import.meta.url);

/** A schema problem before it is placed in the source. */
export interface RawProblem {
  segments: PathSegment[];
  anchor: Anchor;
  /** Data path shown to the user (the parent object for unknown and missing keys). */
  shownSegments: PathSegment[];
  message: string;
}

let cached: ValidateFunction | undefined;

export function loadScenarioSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCENARIO_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

/** The compiled validator; strict mode so a mistake in the schema itself fails loudly. */
export function scenarioValidator(): ValidateFunction {
  if (!cached) {
    // allowUnionTypes: "a string or a list" fields use type arrays instead of oneOf, whose
    // errors would name every branch instead of the one the author meant.
    const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
    cached = ajv.compile(loadScenarioSchema());
  }
  return cached;
}

/** Validate plain data; [] when it conforms. */
export function schemaProblems(data: unknown): RawProblem[] {
  const validate = scenarioValidator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: RawProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describeError(error);
    if (!problem) continue;
    const key = `${problem.segments.join('\u0000')}\u0001${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function pointerToSegments(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'nothing',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  const words = types.map((t) => TYPE_WORDS[String(t)] ?? String(t));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
}

/** A value as the user would recognise it in the file. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return value.length > 60 ? `"${value.slice(0, 57)}..."` : JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  return String(value);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function propertyNames(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function describeError(error: ErrorObject): RawProblem | null {
  // Inside propertyNames ajv also reports the inner failure against the object; the
  // propertyNames error itself names the key, so the inner one is noise.
  if (
    (error as ErrorObject & { propertyName?: string }).propertyName !== undefined &&
    error.keyword !== 'propertyNames'
  )
    return null;
  const segments = pointerToSegments(error.instancePath);
  const at = (message: string, anchor: Anchor = 'value'): RawProblem => ({
    segments,
    anchor,
    shownSegments: segments,
    message,
  });
  const params = error.params as Record<string, unknown>;
  const limit = params.limit as number;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = propertyNames(error.parentSchema);
      const hint = suggestion(key, allowed) ? didYouMean(key, allowed) : `; expected one of: ${allowed.join(', ')}`;
      return {
        segments: [...segments, key],
        anchor: 'key',
        shownSegments: segments,
        message: `unknown key "${key}"${hint}`,
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const described = (error.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[
        key
      ]?.description;
      const gloss = described ? ` (${described[0].toLowerCase()}${described.slice(1).replace(/\.$/, '')})` : '';
      return at(`missing required key "${key}"${gloss}`);
    }
    case 'type':
      if (segments.length === 2 && segments[0] === 'slo') {
        return at(
          `expected a condition such as "<= 800ms" or ">= 90%" (in quotes), or off; got ${describeValue(error.data)}`,
        );
      }
      return at(`expected ${typeWords(error.schema)}, got ${describeValue(error.data)}`);
    case 'enum': {
      const allowed = error.schema as unknown[];
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed.map(String)) : '';
      return at(`expected one of ${quoteList(allowed)}, got ${describeValue(error.data)}${hint}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(`expected a number ${String(params.comparison)} ${limit}, got ${describeValue(error.data)}`);
    case 'minLength':
      return at(limit === 1 ? 'expected non-empty text' : `expected at least ${limit} characters`);
    case 'maxLength':
      return at(`expected at most ${limit} characters, got ${String(error.data).length}`);
    case 'minItems':
      return at(limit === 1 ? 'expected a non-empty list' : `expected at least ${limit} items`);
    case 'minProperties':
      return at(`expected at least one of: ${propertyNames(error.parentSchema).join(', ')}`);
    case 'pattern':
      return at(patternMessage(segments, error.data));
    case 'propertyNames':
      return {
        segments: [...segments, String(params.propertyName)],
        anchor: 'key',
        shownSegments: segments,
        message: `invalid fact id "${String(params.propertyName)}": use letters, digits, "_" or "-" only`,
      };
    case 'if':
      // The inner `then` failure is reported on its own; this wrapper adds nothing.
      return null;
    default:
      return at(error.message ?? `is invalid (${error.keyword})`);
  }
}

function patternMessage(segments: PathSegment[], data: unknown): string {
  if (segments.length === 1 && segments[0] === 'name') {
    return `expected a name of letters, digits, "_", "." or "-" (no spaces), got ${describeValue(data)}`;
  }
  if (segments.length === 3 && segments[0] === 'turns' && segments[2] === 'user') {
    return 'expected what the user says, got only spaces';
  }
  // propertyNames reports its inner pattern failure too; the propertyNames message says it better.
  return `does not have the expected form, got ${describeValue(data)}`;
}
