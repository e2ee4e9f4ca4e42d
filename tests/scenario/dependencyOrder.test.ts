import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dependencyOrder } from '../../src/scenario/dependencyOrder.ts';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('dependencyOrder', () => {
  it('puts every name after what it reads, ties alphabetical', () => {
    const { order, cycles } = dependencyOrder(graph({ inflow: ['growth', 'year'], growth: [], e0: ['t'], share: ['inflow'] }));
    expect(cycles).toEqual([]);
    expect(order).toEqual(['e0', 'growth', 'inflow', 'share']);
  });

  it('names each cycle once, from its alphabetically first name', () => {
    expect(dependencyOrder(graph({ b: ['a'], a: ['b'] })).cycles).toEqual([['a', 'b', 'a']]);
    expect(dependencyOrder(graph({ c: ['a'], a: ['b'], b: ['c'], d: [] })).cycles).toEqual([['a', 'b', 'c', 'a']]);
    expect(dependencyOrder(graph({ a: ['a'] })).cycles).toEqual([['a', 'a']]);
    const two = dependencyOrder(graph({ a: ['b'], b: ['a'], x: ['y'], y: ['x'], z: [] }));
    expect(two.cycles).toEqual([['a', 'b', 'a'], ['x', 'y', 'x']]);
    expect(two.order).toEqual(['z']);
  });

  it('orders any acyclic graph consistently (property)', () => {
    // edges only from later to earlier names: acyclic by construction
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 30 }).map((pairs) => {
        const edges: Record<string, string[]> = {};
        for (let i = 0; i < n; i++) edges[`v${i}`] = [];
        for (const [i, j] of pairs) if (i > j) edges[`v${i}`].push(`v${j}`);
        return edges;
      }),
    );
    fc.assert(
      fc.property(dag, (edges) => {
        const { order, cycles } = dependencyOrder(graph(edges));
        expect(cycles).toEqual([]);
        expect([...order].sort()).toEqual(Object.keys(edges).sort());
        for (const [name, reads] of Object.entries(edges)) for (const r of reads) expect(order.indexOf(r)).toBeLessThan(order.indexOf(name));
      }),
    );
  });
});
