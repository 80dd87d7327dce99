/** auth.loginOptions: demo accounts only in demo mode, and they really sign in. */
import { describe, expect, it } from 'vitest';
import { createDemoUsers } from '../../../server/auth/demo-users';
import { createContextInner, DEFAULT_SETTINGS, detachedSession } from '../../../server/context';
import { createCaller } from '../../../server/routers/_app';
import { createTestDb } from '../../helpers/test-db';
import { seedTwoBranches } from '../auth/auth-fixtures';

describe('auth.loginOptions', () => {
  it('offers nothing outside demo mode', async () => {
    const db = await createTestDb();
    const options = await createCaller(createContextInner({ db })).auth.loginOptions();
    expect(options).toEqual({ isDemo: false, demoAccounts: [] });
  });

  it('offers the demo accounts in demo mode, and each signs in (setting the cookie)', {
    timeout: 120_000,
  }, async () => {
    const db = await createTestDb();
    await seedTwoBranches(db);
    const demoAccounts = await createDemoUsers(db);
    const settings = { ...DEFAULT_SETTINGS, isDemo: true, demoAccounts };
    const options = await createCaller(createContextInner({ db, settings })).auth.loginOptions();
    expect(options.demoAccounts.map((a) => a.role)).toEqual(['admin', 'leader', 'secretary']);
    expect(options.demoAccounts.find((a) => a.role === 'secretary')?.branchName).toBe('行政第一党支部');
    for (const account of options.demoAccounts) {
      const session = detachedSession();
      const user = await createCaller(createContextInner({ db, settings, session })).auth.login(account);
      expect(user.role).toBe(account.role);
      expect(session.cookies).toHaveLength(1);
    }
  });
});
