/**
 * A sorted set of hex keys with binary-search insertion, so prefix scans (pending unbonds in release order,
 * the queue, batches) read only their range. Lowercase hex sorts as its bytes do, shorter prefixes first.
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] !== k) this.keys.splice(i, 0, k);
  }

  delete(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] === k) this.keys.splice(i, 1);
  }

  /** Keys starting with `prefix`, in increasing order (a copy: the set may change while the caller iterates). */
  withPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (let i = this.lowerBound(prefix); i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) {
      out.push(this.keys[i]!);
    }
    return out;
  }

  get size(): number {
    return this.keys.length;
  }
}
