/**
 * Order names so that each comes after every name it reads, and find the
 * cycles that make that impossible. `reads` maps each name to the names its
 * expression reads; names not in the map (year, t) are inputs. The order is
 * deterministic: ties are broken alphabetically. Each cycle is reported once,
 * as the path around it starting from its alphabetically first name.
 *
 * @example
 * dependencyOrder(new Map([['a', ['b']], ['b', []]]));    // { order: ['b', 'a'], cycles: [] }
 * dependencyOrder(new Map([['a', ['b']], ['b', ['a']]])); // { order: [], cycles: [['a', 'b', 'a']] }
 */
export function dependencyOrder(reads: ReadonlyMap<string, readonly string[]>): { order: string[]; cycles: string[][] } {
  const order: string[] = [];
  const cycles: string[][] = [];
  const seenCycles = new Set<string>();
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const stack: string[] = [];

  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 'done') return true;
    if (s === 'cyclic') return false;
    if (s === 'visiting') {
      recordCycle(stack.slice(stack.indexOf(name)));
      return false;
    }
    state.set(name, 'visiting');
    stack.push(name);
    let ok = true;
    for (const dep of [...(reads.get(name) ?? [])].sort()) if (reads.has(dep) && !visit(dep)) ok = false;
    stack.pop();
    state.set(name, ok ? 'done' : 'cyclic');
    if (ok) order.push(name);
    return ok;
  };

  const recordCycle = (loop: string[]): void => {
    const first = loop.indexOf([...loop].sort()[0]);
    const rotated = [...loop.slice(first), ...loop.slice(0, first)];
    const key = rotated.join('\u0000');
    if (seenCycles.has(key)) return;
    seenCycles.add(key);
    cycles.push([...rotated, rotated[0]]);
  };

  for (const name of [...reads.keys()].sort()) visit(name);
  return { order, cycles };
}
