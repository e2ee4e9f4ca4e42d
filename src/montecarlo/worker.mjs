// Worker threads do not inherit the parent's TypeScript loader: register tsx, then load the task.
import { register } from 'tsx/esm/api';

register();
const { default: runTask, summarizeSpill, medianRunStates } = await import('./worker.ts');
export default runTask;
export { summarizeSpill, medianRunStates };
