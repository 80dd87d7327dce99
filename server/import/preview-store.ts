/**
 * Previews waiting to be confirmed, kept where the imports run (the import worker, or the request thread
 * with an in-memory database): the uploaded bytes, so the commit imports exactly the file that was
 * previewed, and the data version and counts the preview was computed against, so the commit can refuse
 * when the data changed since. Held in memory only: a restart drops them (the user uploads again).
 */
import { randomUUID } from 'node:crypto';
import type { TSheetKey } from '../../shared/import-format';
import type { TImportScope } from './scope';
import type { TSheetCounts } from './types';

export interface TStoredPreview {
  id: string;
  /** Only this account may confirm it (null: the system). */
  userId: number | null;
  bytes: Uint8Array;
  fileName: string;
  sheet?: string;
  scope: TImportScope;
  version: string | null;
  counts: Record<TSheetKey, TSheetCounts>;
  expiresAt: number;
}

/** How long a preview can be confirmed. */
const PREVIEW_TTL_MS = 30 * 60 * 1000;
/** Uploads held for confirmation at most, in bytes (oldest dropped first): two of the largest CSVs. */
const MAX_HELD_BYTES = 640 * 1024 * 1024;

export class PreviewStore {
  private readonly previews = new Map<string, TStoredPreview>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a preview; an account's earlier preview is dropped (one upload waits per person). */
  put(preview: Omit<TStoredPreview, 'id' | 'expiresAt'>): TStoredPreview {
    this.dropExpired();
    for (const [id, p] of this.previews) if (p.userId === preview.userId) this.previews.delete(id);
    const stored: TStoredPreview = { ...preview, id: randomUUID(), expiresAt: this.now() + PREVIEW_TTL_MS };
    this.previews.set(stored.id, stored);
    let held = 0;
    for (const p of this.previews.values()) held += p.bytes.byteLength;
    for (const [id, p] of this.previews) {
      if (held <= MAX_HELD_BYTES || id === stored.id) break;
      held -= p.bytes.byteLength;
      this.previews.delete(id);
    }
    return stored;
  }

  /** The preview, if it exists, has not expired and belongs to this account. */
  get(id: string, userId: number | null): TStoredPreview | undefined {
    this.dropExpired();
    const preview = this.previews.get(id);
    return preview && preview.userId === userId ? preview : undefined;
  }

  delete(id: string): void {
    this.previews.delete(id);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, p] of this.previews) if (p.expiresAt <= now) this.previews.delete(id);
  }
}
