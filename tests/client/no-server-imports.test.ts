/**
 * The client takes the API's types from the router (client/src/lib/api-types.ts), never from the
 * server's modules: a server-internal type in the client ties the bundle to the server's layout and
 * skips what the procedure really answers (e.g. the visibility filter). The one server import allowed
 * is `import type { AppRouter }` from server/routers/_app.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLIENT_SRC = join(ROOT, 'client/src');
const SERVER = join(ROOT, 'server');
const APP_ROUTER = join(SERVER, 'routers/_app');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|jsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier of a file: `import … from`, `export … from`, bare `import '…'`, `import('…')`. */
const SPECIFIER =
  /(?:\bimport\s+(type\s+)?([^'";]*?)\s+from\s*|\bexport\s+[^'";]*?\s+from\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

interface TImport {
  file: string;
  statement: string;
  isTypeOnly: boolean;
  clause: string;
  specifier: string;
}

function importsOf(file: string): TImport[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => ({
    file: relative(ROOT, file),
    statement: m[0],
    isTypeOnly: m[1] !== undefined,
    clause: (m[2] ?? '').trim(),
    specifier: m[3] ?? '',
  }));
}

function resolvesIntoServer(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = resolve(dirname(join(ROOT, file)), specifier).replace(/\.(ts|tsx|js)$/, '');
  return target === SERVER || target.startsWith(SERVER + sep) ? target : null;
}

function isAppRouterType(i: TImport, target: string): boolean {
  return target === APP_ROUTER && i.isTypeOnly && /^\{\s*AppRouter\s*\}$/.test(i.clause);
}

describe('client/ imports nothing of server/ but the AppRouter type', () => {
  const imports = sourceFiles(CLIENT_SRC).flatMap(importsOf);

  it('finds the client’s imports (the scan itself works)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.specifier.endsWith('/server/routers/_app'))).toBe(true);
  });

  it('has no other import of a server module', () => {
    const offending = imports
      .map((i) => ({ i, target: resolvesIntoServer(i.file, i.specifier) }))
      .filter(({ i, target }) => target !== null && !isAppRouterType(i, target))
      .map(({ i }) => `${i.file}: ${i.statement}`);
    expect(offending).toEqual([]);
  });

  it('recognises what it must refuse', () => {
    const file = 'client/src/features/x/y.tsx';
    const check = (statement: string) => {
      const [i] = [...statement.matchAll(SPECIFIER)].map((m) => ({
        file,
        statement,
        isTypeOnly: m[1] !== undefined,
        clause: (m[2] ?? '').trim(),
        specifier: m[3] ?? '',
      }));
      if (!i) throw new Error(`no import in ${statement}`);
      const target = resolvesIntoServer(file, i.specifier);
      return target !== null && !isAppRouterType(i, target);
    };
    expect(check("import type { AppRouter } from '../../../../server/routers/_app';")).toBe(false);
    expect(check("import type { TOverview } from '../../../../server/metrics/api';")).toBe(true);
    expect(check("import { appRouter } from '../../../../server/routers/_app';")).toBe(true);
    expect(check("import type { AppRouter, createCaller } from '../../../../server/routers/_app';")).toBe(
      true,
    );
    expect(check("export type { TAuditEntry } from '../../../../server/audit/audit';")).toBe(true);
    expect(check("const m = import('../../../../server/env');")).toBe(true);
    // The project's own shared/ (code both sides import) is allowed; spelled from parts so the line does
    // not read as a path out of the repository.
    const sharedLang = ['..', '..', '..', '..', 'shared', 'lang'].join('/');
    expect(check(`import type { TLang } from '${sharedLang}';`)).toBe(false);
  });
});
