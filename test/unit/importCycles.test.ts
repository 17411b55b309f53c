// No runtime import cycle anywhere in the product: a cycle works only while
// every use sits inside a function, and breaks the day one does not. Type-only
// imports are erased at build time and are left out.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, isFile, moduleUses, parse, productFiles, resolveSpecifier } from '../support/sourceGraph.js';

/** The project files a module imports at run time (relative specifiers, `import type` left out). */
function runtimeImports(file: string): string[] {
  return moduleUses(parse(file))
    .filter((use) => !use.typeOnly && !use.lazy)
    .map((use) => resolveSpecifier(file, use.specifier, isFile))
    .filter((target): target is string => target !== undefined);
}

/** Every cycle, each as the list of files it goes through (depth-first search over the graph). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('has no runtime import cycle in shared/, electron/ and renderer/', () => {
    const graph = new Map<string, string[]>();
    for (const file of productFiles()) graph.set(file, runtimeImports(file));
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findCycles(graph).map((cycle) => cycle.map((file) => path.relative(ROOT, file)).join(' -> '));
    expect(cycles).toEqual([]);
  });
});
