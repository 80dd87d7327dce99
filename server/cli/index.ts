/**
 * `npm run cli -- <command> [...args]`. Each command lives in ./commands/<name>.ts and exports
 * `run(args: string[]): Promise<number>` (the exit code) and a one-line `summary`.
 * Output meant for scripts goes to stdout; logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COMMANDS = ['import', 'demo', 'metrics', 'report', 'user', 'backup', 'restore', 'copy-db'] as const;

interface CommandModule {
  run(args: string[]): Promise<number>;
  summary: string;
}

async function loadCommand(name: string): Promise<CommandModule | undefined> {
  const path = fileURLToPath(new URL(`./commands/${name}.ts`, import.meta.url));
  if (!existsSync(path)) return undefined;
  return (await import(`./commands/${name}.ts`)) as CommandModule;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command =
    name && (COMMANDS as readonly string[]).includes(name) ? await loadCommand(name) : undefined;
  if (!command) {
    const lines = ['用法 / usage: npm run cli -- <command> [options]', ''];
    for (const c of COMMANDS) {
      const m = await loadCommand(c);
      if (m) lines.push(`  ${c.padEnd(10)} ${m.summary}`);
    }
    console.error(lines.join('\n'));
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
