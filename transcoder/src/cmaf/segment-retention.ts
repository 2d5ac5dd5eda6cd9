/**
 * Deletes the segment objects of a package that is not recorded, once they have left every playlist
 * written and stayed available long enough: RFC 8216bis §6.2.2 wants a removed segment kept for its
 * own duration plus the duration of the longest playlist that listed it. Headers are never deleted.
 */
import type { ObjectStore } from "#core/storage/object-store.ts";

/** How old segments are deleted: data, like every other policy. */
export interface RetentionPolicy {
  /** Segments kept after the newest, over every playlist (the longest of the live and DVR windows). */
  keepSegments: number;
  /** Seconds listed by the longest playlist: how long a removed segment stays fetchable. */
  longestPlaylistSeconds: number;
  /** Deletes sent together at most; the rest wait for the next segment (or the end). */
  deleteBatchSize: number;
}

interface PendingDelete {
  key: string;
  /** Wall-clock ms from which the object may go. */
  dueMs: number;
}

/** A segment as retention needs it: its object key and duration. */
export interface RetainedSegment {
  key: string;
  durationSeconds: number;
}

/**
 * @example
 * const retention = new SegmentRetention(store, { keepSegments: 30, longestPlaylistSeconds: 60, deleteBatchSize: 16 });
 * retention.retire("720p", segments.length, (i) => ({ key: keyOf(segments[i]), durationSeconds: 2 }), now);
 * await retention.deleteDue(now);
 */
export class SegmentRetention {
  readonly #store: ObjectStore;
  readonly #policy: RetentionPolicy;
  /** Per rendition: how many of its leading segments were already scheduled. */
  readonly #retired = new Map<string, number>();
  #pending: PendingDelete[] = [];

  constructor(store: ObjectStore, policy: RetentionPolicy) {
    if (!(Number.isInteger(policy.keepSegments) && policy.keepSegments >= 1)) throw new TypeError("keepSegments must be a positive integer");
    if (!(Number.isInteger(policy.deleteBatchSize) && policy.deleteBatchSize >= 1)) throw new TypeError("deleteBatchSize must be a positive integer");
    this.#store = store;
    this.#policy = policy;
  }

  /** Objects scheduled and not yet deleted. */
  get pending(): number {
    return this.#pending.length;
  }

  /**
   * Schedules `rendition`'s segments older than the kept ones, of `count` so far (`segmentAt(i)` is the
   * i-th); call once playlists without them are stored.
   */
  retire(rendition: string, count: number, segmentAt: (index: number) => RetainedSegment, nowMs: number): void {
    const from = this.#retired.get(rendition) ?? 0;
    const to = count - this.#policy.keepSegments;
    for (let i = from; i < to; i++) {
      const s = segmentAt(i);
      this.#pending.push({ key: s.key, dueMs: nowMs + (s.durationSeconds + this.#policy.longestPlaylistSeconds) * 1000 });
    }
    if (to > from) this.#retired.set(rendition, to);
  }

  /** Deletes one batch of objects whose grace has passed. */
  async deleteDue(nowMs: number): Promise<void> {
    const due = this.#pending.filter((p) => p.dueMs <= nowMs).slice(0, this.#policy.deleteBatchSize);
    await this.#delete(due);
  }

  /** The package ended and its final playlists are stored: deletes everything scheduled, batch by batch. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#delete(this.#pending.slice(0, this.#policy.deleteBatchSize));
  }

  async #delete(batch: readonly PendingDelete[]): Promise<void> {
    if (batch.length === 0) return;
    await Promise.all(batch.map((p) => this.#store.delete(p.key)));
    const done = new Set(batch);
    this.#pending = this.#pending.filter((p) => !done.has(p));
  }
}
