/** Every procedure declares who may call it (meta.access, one of the levels of server/auth/roles.ts). */
import { describe, expect, it } from 'vitest';
import { ACCESS } from '../../../server/auth/roles';
import { appRouter } from '../../../server/routers/_app';

describe('procedure access declarations', () => {
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { meta?: unknown } }>,
  );

  it('finds the procedures (the walk itself works)', () => {
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.map(([path]) => path)).toContain('auth.login');
  });

  it('fails on any procedure without a known access level', () => {
    const undeclared = procedures
      .filter(([, p]) => {
        const access = (p._def.meta as { access?: string } | undefined)?.access;
        return access === undefined || !Object.hasOwn(ACCESS, access);
      })
      .map(([path]) => path);
    expect(undeclared).toEqual([]);
  });

  it('keeps public procedures to what the login page needs', () => {
    const open = procedures
      .filter(([, p]) => (p._def.meta as { access: string }).access === 'public')
      .map(([path]) => path)
      .sort();
    expect(open).toEqual(['auth.login', 'auth.loginOptions', 'auth.logout']);
  });
});
