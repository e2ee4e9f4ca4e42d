import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/io/displayPath.ts';

describe('displayPath', () => {
  it('is relative inside the working directory, "." for it, absolute outside', () => {
    expect(displayPath(join(process.cwd(), 'scenarios', 'dalian.yaml'))).toBe('scenarios/dalian.yaml');
    expect(displayPath('scenarios/../scenarios/dalian.yaml')).toBe('scenarios/dalian.yaml');
    expect(displayPath(process.cwd())).toBe('.');
    expect(displayPath('/etc/hosts')).toBe('/etc/hosts');
    // a sibling whose name starts like the working directory's is outside it
    expect(displayPath(`${process.cwd()}-other/x.yaml`)).toBe(`${process.cwd()}-other/x.yaml`);
  });
});
