// An in-memory SmsOutbox for tests and single-process development. Keeps the newest `capacity` messages.
import type { SmsOutbox, SmsOutboxEntry } from './types.ts';

export class MemoryOutbox implements SmsOutbox {
  readonly #entries: SmsOutboxEntry[] = [];
  readonly #capacity: number;

  constructor(capacity = 100) {
    this.#capacity = capacity;
  }

  async append(entry: SmsOutboxEntry): Promise<void> {
    this.#entries.push({ ...entry });
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  async recent(limit: number): Promise<SmsOutboxEntry[]> {
    const n = Math.max(0, Math.floor(limit));
    return this.#entries.slice().reverse().slice(0, n).map((e) => ({ ...e }));
  }
}
