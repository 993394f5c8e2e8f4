/**
 * A growable array of fixed-size records in linear memory, allocated in chunks of 2^shift records.
 * Growing adds a chunk and never moves or copies a record, which matters because the core's runtime
 * ("stub") never frees: a doubling array would strand every old copy. Only the small directory of
 * chunk pointers is reallocated (doubling), which costs 4 bytes per chunk.
 *
 *   dir ──▶ [chunk 0 ptr][chunk 1 ptr] ...      record i lives at chunk[i >> shift] + (i & mask)·size
 */

export class Chunked {
  readonly recordBytes: usize;
  readonly shift: u32;
  private dir: usize = 0;
  private dirCapacity: u32 = 0;
  private chunks: u32 = 0;

  constructor(recordBytes: usize, shift: u32) {
    this.recordBytes = recordBytes;
    this.shift = shift;
  }

  /** Records that fit without allocating. */
  get capacity(): u64 {
    return <u64>this.chunks << this.shift;
  }

  /** Address of record i; callers keep i below `capacity` (ensure first). */
  @inline at(i: u32): usize {
    const chunk = load<usize>(this.dir + (<usize>(i >> this.shift) << alignof<usize>()));
    return chunk + <usize>(i & ((1 << this.shift) - 1)) * this.recordBytes;
  }

  /** Makes records 0..n−1 addressable (new records are zero). */
  ensure(n: u64): void {
    while (this.capacity < n) {
      if (this.chunks == this.dirCapacity) {
        const next = this.dirCapacity == 0 ? <u32>16 : this.dirCapacity << 1;
        const dir = heap.alloc(<usize>next << alignof<usize>());
        if (this.chunks > 0) memory.copy(dir, this.dir, <usize>this.chunks << alignof<usize>());
        this.dir = dir;
        this.dirCapacity = next;
      }
      const bytes = (<usize>1 << this.shift) * this.recordBytes;
      const chunk = heap.alloc(bytes);
      memory.fill(chunk, 0, bytes);
      store<usize>(this.dir + (<usize>this.chunks << alignof<usize>()), chunk);
      this.chunks++;
    }
  }
}
