// No dead product code: every export of shared/, electron/ and renderer/ is
// imported by another product module or used in its own. An export only tests
// import is dead code kept alive by its test (the test then proves nothing a
// user runs).
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, moduleUses, parse, productFiles, resolveSpecifier } from '../support/sourceGraph.js';

/** The names a module exports by declaration (`export function f`, `export const a, b`, `export default`…). */
function declaredExports(source: ts.SourceFile): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  for (const statement of source.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) continue; // a default is for whoever imports the module
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name);
    } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
      names.push(statement.name as ts.Identifier);
    }
  }
  return names;
}

/** How often `name` occurs as an identifier in the module, its declaration left out. */
function localUses(source: ts.SourceFile, declaration: ts.Identifier): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== declaration && node.text === declaration.text) count += 1;
    node.forEachChild(visit);
  };
  source.forEachChild(visit);
  return count;
}

/** "file: name" for each export no other module imports and its own does not use. */
export function deadExports(sources: Map<string, string>): string[] {
  const parsed = new Map([...sources].map(([file, text]) => [file, parse(file, text)]));
  const imported = new Set<string>();
  /** Module -> the modules it re-exports whole (`export * from`): a name imported from it may be theirs. */
  const passesOn = new Map<string, string[]>();
  const resolve = (file: string, specifier: string) => resolveSpecifier(file, specifier, (candidate) => sources.has(candidate));
  for (const [file, source] of parsed) {
    for (const use of moduleUses(source)) {
      const target = resolve(file, use.specifier);
      if (!target) continue;
      if (use.reexport && use.names.includes('*')) passesOn.set(file, [...(passesOn.get(file) ?? []), target]);
      else for (const name of use.names) imported.add(`${target}#${name}`);
    }
  }
  const markThrough = (file: string, name: string): void => {
    for (const inner of passesOn.get(file) ?? []) {
      if (imported.has(`${inner}#${name}`)) continue;
      imported.add(`${inner}#${name}`);
      markThrough(inner, name);
    }
  };
  for (const key of [...imported]) {
    const [file, name] = key.split('#') as [string, string];
    if (name === '*') for (const inner of passesOn.get(file) ?? []) imported.add(`${inner}#*`);
    else markThrough(file, name);
  }
  const dead: string[] = [];
  for (const [file, source] of parsed) {
    if (imported.has(`${file}#*`)) continue;
    for (const name of declaredExports(source)) {
      if (!imported.has(`${file}#${name.text}`) && localUses(source, name) === 0) dead.push(`${path.relative(ROOT, file)}: ${name.text}`);
    }
  }
  return dead;
}

describe('exports', () => {
  it('finds an export nothing uses (the check itself works)', () => {
    const at = (name: string) => path.join(ROOT, 'shared', name);
    const sources = new Map([
      [at('a.ts'), "import { used } from './b.js';\nimport type { Shape } from './b.js';\nexport const main: Shape = used();"],
      [
        at('b.ts'),
        'export function used() { return helper(); }\nexport function helper() { return 1; }\nexport function onlyTests() {}\nexport type Shape = number;\nexport interface Unread {}',
      ],
      [at('c.ts'), 'export const lazy = 1;\nexport const alsoLazy = 2;'],
      [at('d.ts'), "export const load = () => import('./c.js');"],
      // an index passes on what it re-exports whole: only the names imported through it are used
      [at('index.ts'), "export * from './e.js';"],
      [at('e.ts'), 'export const wanted = 1;\nexport const unwanted = 2;'],
      [at('f.ts'), "import { wanted } from './index.js';\nexport const g = wanted;"],
    ]);
    expect(deadExports(sources)).toEqual([
      'shared/a.ts: main',
      'shared/b.ts: onlyTests',
      'shared/b.ts: Unread',
      'shared/d.ts: load',
      'shared/e.ts: unwanted',
      'shared/f.ts: g',
    ]);
  });

  it('has no export in shared/, electron/ and renderer/ that nothing in them uses', () => {
    const files = productFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(deadExports(new Map(files.map((file) => [file, ts.sys.readFile(file) ?? ''])))).toEqual([]);
  });
});
