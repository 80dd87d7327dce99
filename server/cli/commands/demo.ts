/**
 * `npm run cli -- demo [--branches N] [--years Y] [--seed S] [--today YYYY-MM-DD] [--out DIR]`
 * Generates the demo college: into the database of DATABASE_URL (only when it has no units yet),
 * or, with --out, as import-format CSV sheets in DIR.
 */
import { openDatabase } from '../../db/connection';
import {
  type DemoOptions,
  type DemoSummary,
  DemoTargetNotEmptyError,
  loadDemo,
  writeDemoCsv,
} from '../../demo';
import { readEnv } from '../../env';

export const summary = '生成演示学院数据（写入数据库或 --out 目录的 CSV）/ generate the demo college';

const USAGE =
  '用法 / usage: npm run cli -- demo [--branches N] [--years Y] [--seed S] [--today YYYY-MM-DD] [--out DIR]';

interface DemoArgs extends DemoOptions {
  out?: string;
}

function parseArgs(args: string[]): DemoArgs {
  const result: DemoArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s) as [string, string]) : [arg, undefined];
    const value = inline ?? args[++i];
    if (value === undefined)
      throw new Error(`选项 ${flag} 缺少取值 / option ${flag} needs a value\n${USAGE}`);
    const integer = () => {
      if (!/^-?\d+$/.test(value))
        throw new Error(`选项 ${flag} 需要整数，得到 "${value}" / ${flag} needs an integer`);
      return Number(value);
    };
    if (flag === '--branches') result.branches = integer();
    else if (flag === '--years') result.years = integer();
    else if (flag === '--seed') result.seed = integer();
    else if (flag === '--today') result.today = value;
    else if (flag === '--out') result.out = value;
    else throw new Error(`未知选项 ${flag} / unknown option ${flag}\n${USAGE}`);
  }
  return result;
}

function report(result: DemoSummary, target: string, ms: number, peakRss: number): string {
  const c = result.counts;
  const o = result.options;
  return [
    `演示学院已生成 / demo college generated → ${target}`,
    `  参数 options: ${o.branches} 个支部 branches, ${o.years} 年 years (${o.from} .. ${o.today}), seed ${o.seed}`,
    `  组织 units ${c.units}, 党员 members ${c.members}, 组织生活 activities ${c.activities}` +
      ` (形式 formats ${c.activity_formats}, 模块 modules ${c.activity_modules}, 分享 sharers ${c.activity_sharers}),` +
      ` 成果 achievements ${c.achievements}, 目标 goals ${c.goals}`,
    `  用时 time ${(ms / 1000).toFixed(1)} s, 内存峰值 peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  ].join('\n');
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return 0;
  }
  const { out, ...options } = parseArgs(args);
  const started = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    if (out) {
      const result = await writeDemoCsv(out, options);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      console.error(report(result, out, performance.now() - started, peakRss));
      return 0;
    }
    const { databaseUrl } = readEnv();
    const db = await openDatabase({ url: databaseUrl });
    try {
      const result = await loadDemo(db, options);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      console.error(report(result, databaseUrl, performance.now() - started, peakRss));
      return 0;
    } catch (error) {
      if (error instanceof DemoTargetNotEmptyError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    } finally {
      await db.destroy();
    }
  } finally {
    clearInterval(sampler);
  }
}
