/**
 * `npm run cli -- user add|list|reset-password|disable|enable` — account management without the
 * web interface (the first admin of a real installation is made here). Credentials go to stdout,
 * errors to stderr in Chinese and English.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/app-error';
import { USER_ROLES } from '../../../shared/roles';
import { generatePassword } from '../../auth/password';
import { addUser, findBranchByCode, listUsers, resetPassword, setUserDisabled } from '../../auth/users';
import { openDatabase } from '../../db/connection';
import type { DB } from '../../db/database';
import { readEnv } from '../../env';

export const summary = '管理账号 / manage accounts: add | list | reset-password | disable | enable';

const USAGE = `用法 / usage:
  npm run cli -- user add --username <u> --name <姓名> --role admin|leader|secretary [--branch <支部编码>] [--password <密码>]
  npm run cli -- user list [--json]
  npm run cli -- user reset-password --username <u> [--password <密码>]
  npm run cli -- user disable --username <u>
  npm run cli -- user enable --username <u>
不给 --password 时生成随机密码并只显示这一次。/ Without --password a random one is generated and shown once.
角色 / roles: ${USER_ROLES.entries.map((e) => `${e.key} ${e.zh}`).join(', ')}`;

class CliUsageError extends Error {}

function required(value: string | undefined, flag: string): string {
  if (!value || value.trim() === '') throw new CliUsageError(`缺少参数 --${flag} / missing --${flag}`);
  return value;
}

async function add(
  db: DB,
  values: Record<string, string | boolean | undefined>,
  procedure: string,
): Promise<number> {
  const role = USER_ROLES.parse(required(values.role as string | undefined, 'role'));
  let branchId: number | null = null;
  const branchCode = values.branch as string | undefined;
  if (role === 'secretary' && !branchCode) {
    throw new AppError('BAD_REQUEST', {
      zh: '支部书记必须用 --branch 指定支部编码（如 XZ01）。',
      en: 'A secretary needs --branch <branch code> (e.g. XZ01).',
    });
  }
  if (branchCode && role) {
    const branch = await findBranchByCode(db, branchCode);
    if (!branch) {
      throw new AppError('BAD_REQUEST', {
        zh: `支部编码不存在：${branchCode}`,
        en: `No branch with code ${branchCode}.`,
      });
    }
    branchId = branch.id;
  }
  const isGenerated = !values.password;
  const password = (values.password as string | undefined) || generatePassword();
  const user = await addUser(db, {
    username: required(values.username as string | undefined, 'username'),
    displayName: required(values.name as string | undefined, 'name'),
    role: (values.role as string).trim(),
    branchId,
    password,
    actor: { user: null, procedure },
  });
  const branch = user.branchName ? `，支部 ${user.branchCode} ${user.branchName}` : '';
  console.log(
    `已创建账号 / created: ${user.username}（${user.displayName}，${USER_ROLES.byKey[user.role].zh}${branch}）`,
  );
  if (isGenerated) console.log(`初始密码（只显示这一次）/ initial password (shown once): ${password}`);
  return 0;
}

async function list(db: DB, isJson: boolean): Promise<number> {
  const users = await listUsers(db);
  if (isJson) {
    console.log(JSON.stringify(users, null, 2));
    return 0;
  }
  if (users.length === 0) {
    console.log('还没有账号。用 `npm run cli -- user add ...` 创建第一个管理员。/ No accounts yet.');
    return 0;
  }
  for (const u of users) {
    const branch = u.branchCode ? `${u.branchCode} ${u.branchName}` : '-';
    const status = u.isDisabled ? '已停用 disabled' : '启用 active';
    console.log([u.username, u.displayName, USER_ROLES.byKey[u.role].zh, branch, status].join('\t'));
  }
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        branch: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    console.error(`参数错误 / bad arguments: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!sub || !['add', 'list', 'reset-password', 'disable', 'enable'].includes(sub)) {
    console.error(USAGE);
    return sub && sub !== 'help' && sub !== '--help' ? 2 : 0;
  }
  const db = await openDatabase({ url: readEnv().databaseUrl });
  const procedure = `cli.user.${sub}`;
  try {
    switch (sub) {
      case 'add':
        return await add(db, values, procedure);
      case 'list':
        return await list(db, values.json === true);
      case 'reset-password': {
        const username = required(values.username as string | undefined, 'username');
        const isGenerated = !values.password;
        const password = (values.password as string | undefined) || generatePassword();
        await resetPassword(db, { username, newPassword: password, actor: { user: null, procedure } });
        console.log(`已重置密码，该用户的所有会话已结束 / password reset, all sessions ended: ${username}`);
        if (isGenerated) console.log(`新密码（只显示这一次）/ new password (shown once): ${password}`);
        return 0;
      }
      default: {
        const username = required(values.username as string | undefined, 'username');
        const disabled = sub === 'disable';
        await setUserDisabled(db, { username, disabled, actor: { user: null, procedure } });
        console.log(disabled ? `已停用 / disabled: ${username}` : `已启用 / enabled: ${username}`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof CliUsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
