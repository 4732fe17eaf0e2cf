// The scenario stage: YAML scenario files -> validated Scenario objects.
export { loadScenario, type LoadScenarioOptions } from './read.js';
export { parseScenario, type LoadedScenario } from './parse.js';
export { ScenarioError, formatProblem, type ScenarioProblem } from './problems.js';
export { describeCheckSpec, languageName } from './describe.js';
export { scenarioHash, canonicalJson } from './hash.js';
export { parseOverridePath, parseOverrideValue } from './overrides.js';
export { SCENARIO_SCHEMA_URL, loadScenarioSchema } from './schema.js';
export { CHECK_KINDS } from './semantic.js';
