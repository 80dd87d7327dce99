/** The load script's numbers: samples per procedure and per page, percentiles, the tables it prints. */
import type { TCallSample, TLoadSink, TResend } from './load-http';

export interface TLatency {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values (q in 0..1). */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function summarize(durations: readonly number[], errors = 0): TLatency {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export interface TErrorSample {
  path: string;
  status: number;
  body: string;
}

/** Every sample of the run (a few hundred thousand at most: kept whole, summarized at the end). */
export class LoadRecorder implements TLoadSink {
  readonly calls: TCallSample[] = [];
  readonly pages: { page: string; start: number; end: number; isFullLoad: boolean }[] = [];
  /** HTTP requests sent (a batch is one). */
  requests = 0;
  private readonly errorSamples: TErrorSample[] = [];
  private readonly errorCounts = new Map<string, number>();

  /** Requests sent again after a keep-alive connection failed (not errors: browsers do the same). */
  readonly resends: TResend[] = [];

  countRequest(): void {
    this.requests++;
  }

  noteResend(resend: TResend): void {
    this.resends.push(resend);
  }

  record(sample: TCallSample): void {
    this.calls.push(sample);
    if (!sample.error) return;
    const key = `${sample.path} ${sample.error.status}`;
    const count = (this.errorCounts.get(key) ?? 0) + 1;
    this.errorCounts.set(key, count);
    // The first few of each kind, and at most a dozen in all.
    if (count <= 3 && this.errorSamples.length < 12)
      this.errorSamples.push({ path: sample.path, status: sample.error.status, body: sample.error.body });
  }

  get errors(): number {
    let n = 0;
    for (const count of this.errorCounts.values()) n += count;
    return n;
  }

  get errorKinds(): ReadonlyMap<string, number> {
    return this.errorCounts;
  }

  get firstErrors(): readonly TErrorSample[] {
    return this.errorSamples;
  }

  /** Per procedure, in the order first seen; `during` keeps only calls that overlap one of the windows. */
  byProcedure(during?: readonly (readonly [number, number])[]): Map<string, TLatency> {
    const groups = new Map<string, { durations: number[]; errors: number }>();
    for (const c of this.calls) {
      if (during && !during.some(([a, b]) => c.start < b && c.end > a)) continue;
      let g = groups.get(c.path);
      if (!g) {
        g = { durations: [], errors: 0 };
        groups.set(c.path, g);
      }
      g.durations.push(c.end - c.start);
      if (c.error) g.errors++;
    }
    return new Map([...groups].map(([path, g]) => [path, summarize(g.durations, g.errors)]));
  }

  byPage(): Map<string, TLatency> {
    const groups = new Map<string, number[]>();
    for (const p of this.pages) {
      const key = `${p.page}${p.isFullLoad ? ' (full load)' : ''}`;
      let g = groups.get(key);
      if (!g) {
        g = [];
        groups.set(key, g);
      }
      g.push(p.end - p.start);
    }
    return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, d]) => [k, summarize(d)]));
  }

  /**
   * The given procedures' calls by when they started, in windows of `windowMs` from `t0`: shows whether
   * a tail is the first minutes' cold periods or lasts the whole run.
   */
  pooledByWindow(paths: (path: string) => boolean, t0: number, windowMs: number): TLatency[] {
    const windows: number[][] = [];
    for (const c of this.calls) {
      if (!paths(c.path)) continue;
      const i = Math.max(0, Math.floor((c.start - t0) / windowMs));
      const window = windows[i] ?? [];
      window.push(c.end - c.start);
      windows[i] = window;
    }
    return Array.from(windows, (d) => summarize(d ?? []));
  }

  /** Every call of the given procedures together (for the page-call budget). */
  pooled(paths: (path: string) => boolean): TLatency {
    const durations: number[] = [];
    let errors = 0;
    for (const c of this.calls) {
      if (!paths(c.path)) continue;
      durations.push(c.end - c.start);
      if (c.error) errors++;
    }
    return summarize(durations, errors);
  }
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : '-');

export function latencyRows(title: string, rows: ReadonlyMap<string, TLatency>): string[][] {
  const table: string[][] = [[title, 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors']];
  for (const [name, l] of rows)
    table.push([name, String(l.count), ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max), String(l.errors)]);
  return table;
}

/** First column left-aligned, the rest right-aligned. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((c, i) => {
            const pad = ' '.repeat((widths[i] ?? 0) - [...c].length);
            return i === 0 ? c + pad : pad + c;
          })
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

export function formatMs(v: number): string {
  return ms(v);
}
