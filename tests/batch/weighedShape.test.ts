import { expect, it } from 'vitest';
import { parseWeighed } from '../../src/batch/weighedShape.ts';

// The rule readWeighed (tests/batch/weighedFile.test.ts) and the notebooks (tests/browser/notebooks.test.ts) read a
// weighed.json by, as a function of its text alone: the notebooks have no file to name and no node modules.

it("a weighed answer's text: the answer without its key, JSON's null as NaN, and the key", () => {
  const text = '{"key": "k1", "figures": [], "inLaws": [], "kishRuns": null, "targets": [{"id": "all", "probability": null, "lower": 0, "upper": 1, "effectiveRuns": 0}], "intervals": []}';
  const read = parseWeighed(text);
  expect(read.problem).toBeUndefined();
  expect(read.key).toBe('k1');
  expect(read.answer).toEqual({ figures: [], inLaws: [], kishRuns: NaN, targets: [{ id: 'all', probability: NaN, lower: 0, upper: 1, effectiveRuns: 0 }], intervals: [] });
  expect(read.answer && 'key' in read.answer).toBe(false);
});

it("text that is not a weighed answer: why, and no answer — not JSON, or JSON of another shape", () => {
  const notJson = parseWeighed('{"figures": [');
  expect(notJson.answer).toBeUndefined();
  expect(notJson.problem).toMatch(/JSON/);
  expect(parseWeighed('{"figures": "none", "kishRuns": 3}')).toEqual({ problem: 'figures: expected a list, found "none"' });
  expect(parseWeighed('[]')).toEqual({ problem: 'expected a mapping, found a list of 0' });
});
