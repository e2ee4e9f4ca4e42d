export { loadScenario, validateScenario } from './loadScenario.ts';
export { ScenarioError, type ScenarioIssue } from './scenarioError.ts';
export { scenarioJsonSchema } from './scenarioSchema.ts';
export { scenarioHash } from './hash.ts';
