import { expect, it, vi } from 'vitest';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { ownWeighedRedrawn } from '../../src/batch/ownWeighedRedrawn.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';

// As if no generated pilot wrote the hukou conversion: Weihai's pilot draws it at the law fitted to its 2015
// registered rate (observed.csv:222), and nothing could take that law's place.
vi.mock('../../src/batch/independentLaws.ts', async (original) => {
  const m = await original<typeof import('../../src/batch/independentLaws.ts')>();
  return { ...m, independentLaws: (keys: readonly string[]) => m.independentLaws(keys).filter((l) => l.key !== 'hukou_conversion_rate') };
});

it('a law fitted to the figures that nothing can replace: nothing drawn again (weighing by every figure would count its figures twice)', async () => {
  const never = (): ResolvedScenario => {
    throw new Error('loaded');
  };
  const file = 'scenarios/pilots/weihai.yaml';
  expect(await ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load: never })).toBeUndefined();
});
