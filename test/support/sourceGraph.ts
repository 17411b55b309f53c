// The product's TypeScript modules and what they import from each other, read
// with the compiler's parser: what the import-cycle and dead-export checks walk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** Where product code lives (tests, specs, scripts and the bench are not product). */
export const PRODUCT_FOLDERS = ['shared', 'electron', 'renderer'];

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

export const productFiles = (): string[] => PRODUCT_FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));

export function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** The module a relative specifier names, among `known` files (extension-less and `.js` specifiers as the build resolves them). */
export function resolveSpecifier(from: string, specifier: string, known: (candidate: string) => boolean): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
  return ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find(known);
}

export const isFile = (candidate: string): boolean => {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
};

/** One import or re-export of a module: the names taken from it ('*' for all of it: a namespace, `export *`, a dynamic import). */
export interface ModuleUse {
  specifier: string;
  names: string[];
  typeOnly: boolean;
  /** A dynamic import(): loaded when first used, not with the module. */
  lazy: boolean;
  /** `export … from`: passed on to the module's own importers. */
  reexport: boolean;
}

export function moduleUses(source: ts.SourceFile): ModuleUse[] {
  const uses: ModuleUse[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const names: string[] = [];
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      uses.push({ specifier: statement.moduleSpecifier.text, names, typeOnly: clause?.isTypeOnly ?? false, lazy: false, reexport: false });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.exportClause;
      const names = clause && ts.isNamedExports(clause) ? clause.elements.map((element) => (element.propertyName ?? element.name).text) : ['*'];
      uses.push({ specifier: statement.moduleSpecifier.text, names, typeOnly: statement.isTypeOnly, lazy: false, reexport: true });
    }
  }
  // import('./x'): the whole module (a lazily loaded view)
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      uses.push({ specifier: node.arguments[0].text, names: ['*'], typeOnly: false, lazy: true, reexport: false });
    }
    node.forEachChild(visit);
  };
  source.forEachChild(visit);
  return uses;
}
