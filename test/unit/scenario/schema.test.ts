import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import {
  describeCheckSpec,
  loadScenarioSchema,
  parseOverridePath,
  parseOverrideValue,
} from '../../../src/scenario/index.js';

type SchemaNode = Record<string, unknown>;

/** Every subschema, with a readable location. */
function* subschemas(node: unknown, at = '#'): Generator<[string, SchemaNode]> {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as SchemaNode;
  yield [at, schema];
  for (const key of ['properties', '$defs']) {
    const children = schema[key] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(children ?? {})) yield* subschemas(child, `${at}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'then'])
    yield* subschemas(schema[key], `${at}/${key}`);
}

t.test('the scenario schema compiles under ajv strict mode', async (t) => {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(loadScenarioSchema());
  t.equal(typeof validate, 'function');
  const breakup = parseYaml(await readFile('scenarios/breakup.yaml', 'utf8'));
  t.ok(validate(breakup), 'a shipped scenario conforms to the raw schema');
  t.notOk(validate({ name: 'x', turns: [{ user: 'a', extra: 1 }] }), 'unknown keys are rejected');
});

t.test('every field is described and every record closed', async (t) => {
  const schema = loadScenarioSchema();
  const fields: string[] = [];
  const undescribed: string[] = [];
  const records: string[] = [];
  const open: string[] = [];
  for (const [at, node] of subschemas(schema)) {
    if (/\/(properties|\$defs)\/[^/]+$/.test(at)) {
      fields.push(at);
      if (typeof node.description !== 'string' || node.description.length === 0) undescribed.push(at);
    }
    const types = ([] as unknown[]).concat(node.type ?? []);
    if (types.includes('object') && node.properties) {
      records.push(at);
      if (node.additionalProperties !== false) open.push(at);
    }
  }
  t.ok(fields.length >= 40, `checked ${fields.length} fields`);
  t.same(undescribed, [], 'fields without a description');
  t.ok(records.length >= 7, `checked ${records.length} record schemas`);
  t.same(open, [], 'records that accept unknown keys');
});

t.test('describeCheckSpec says what a check looks for', async (t) => {
  t.equal(describeCheckSpec({ kind: 'contains', any: ['泰坦尼克', 'Titanic'] }), 'contains any of: 泰坦尼克 / Titanic');
  t.equal(describeCheckSpec({ kind: 'contains', any: ['Titanic'] }), 'contains "Titanic"');
  t.equal(describeCheckSpec({ kind: 'contains', all: ['Aeron', 'B'] }), 'contains all of: Aeron + B');
  t.equal(describeCheckSpec({ kind: 'not_contains', any: ['天气', '结婚'] }), 'contains none of: 天气 / 结婚');
  t.equal(describeCheckSpec({ kind: 'regex', pattern: '电影|片子', negate: true }), 'does not match /电影|片子/');
  t.equal(describeCheckSpec({ kind: 'language', language: 'zh' }), 'reply in Chinese script (zh)');
  t.equal(
    describeCheckSpec({ kind: 'language', language: 'ko', minRatio: 0.25 }),
    'reply in Korean script (ko, at least 25% of letters)',
  );
  t.equal(describeCheckSpec({ kind: 'length', min: 10 }), 'at least 10 characters');
  t.equal(describeCheckSpec({ kind: 'length', max: 400 }), 'at most 400 characters');
});

t.test('override paths and values', async (t) => {
  t.same(parseOverridePath('params.temperature'), ['params', 'temperature']);
  t.same(parseOverridePath('turns[2].checks[0].contains'), ['turns', 2, 'checks', 0, 'contains']);
  t.same(parseOverridePath('turns.2.user'), ['turns', 2, 'user']);
  t.same(parseOverridePath('slo.latency.e2eMs.p95'), ['slo', 'latency.e2eMs.p95'], 'SLO keys keep their dots');
  t.same(parseOverridePath('a..b'), [], 'an empty segment is not a path');
  t.equal(parseOverrideValue('0.2'), 0.2);
  t.equal(parseOverrideValue('true'), true);
  t.equal(parseOverrideValue('recorded'), 'recorded');
  t.equal(parseOverrideValue('<= 800ms'), '<= 800ms');
  t.equal(parseOverrideValue('"42"'), '42', 'quotes keep a number as text');
  t.equal(parseOverrideValue('[unclosed'), '[unclosed', 'text that is not valid YAML stays text');
});
