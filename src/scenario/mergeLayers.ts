import { childOrigin, type Origin } from './origin.ts';
import { isMapping } from './isMapping.ts';

/** Scenario data together with where it was written. */
export interface Layer {
  readonly value: unknown;
  readonly origin: Origin;
}

/**
 * Lay `over` on `base`, as a file that `extends` another overrides it:
 * mappings are merged key by key, recursively; a key set to null (or left
 * empty) is removed, bringing back the default; lists and scalars replace
 * what they override as a whole, and so does a distribution (a mapping with a
 * `dist` key), so that a variant can swap a normal for a uniform without
 * leftovers. A mapping without `dist` over a distribution changes only the
 * keys it names (`{ sd: 3% }` widens the parent's normal).
 *
 * @example
 * mergeLayers(parent, child).value; // child's keys over parent's
 */
export function mergeLayers(base: Layer, over: Layer): Layer {
  if (!isMapping(over.value) || 'dist' in over.value) return over;
  const baseValue = isMapping(base.value) ? base.value : {};
  const value: Record<string, unknown> = {};
  const children = new Map<string, Origin>();
  for (const key of new Set([...Object.keys(baseValue), ...Object.keys(over.value)])) {
    const o = Object.hasOwn(over.value, key) ? layerAt(over, key) : undefined;
    if (o !== undefined && o.value === null) continue;
    const b = Object.hasOwn(baseValue, key) ? layerAt(base, key) : undefined;
    const merged = o === undefined ? b! : mergeLayers(b ?? { value: undefined, origin: o.origin }, o);
    value[key] = merged.value;
    children.set(key, merged.origin);
  }
  return { value, origin: { ...over.origin, children } };
}

function layerAt(layer: Layer, key: string): Layer {
  return { value: (layer.value as Record<string, unknown>)[key], origin: childOrigin(layer.origin, key) ?? layer.origin };
}
