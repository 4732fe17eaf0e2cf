// The scenario stage: YAML scenario files -> validated Scenario objects.

export { describeCheckSpec, languageName } from './describe.js';
export { canonicalJson, scenarioHash } from './hash.js';
export { parseOverridePath, parseOverrideValue } from './overrides.js';
export { type LoadedScenario, parseScenario } from './parse.js';
export { formatProblem, ScenarioError, type ScenarioProblem } from './problems.js';
export { type LoadScenarioOptions, loadScenario } from './read.js';
export { loadScenarioSchema, SCENARIO_SCHEMA_URL } from './schema.js';
export { CHECK_KINDS } from './semantic.js';
