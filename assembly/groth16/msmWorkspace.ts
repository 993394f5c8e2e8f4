/**
 * The arrays one MSM works in, allocated together for the call (msm.ts) and freed in reverse order
 * (the stub runtime reclaims only the most recent block).
 *
 *   count, start, cursor, active   u32 × buckets        per-bucket bookkeeping of a window
 *   points                         2·elem × n           the points that take part (scalar ≠ 0, base ≠ ∞;
 *                                                       with GLV, P and φ(P) for each: n counts both)
 *   digits                         i32 × windows × n    signed digits, window-major
 *   work                           2·elem × n           the window's points, grouped by bucket
 *   dens, flags                    elem / u8 × n/2      one round of batch-affine additions: denominators,
 *   norms, prefix                  Fq × n/2             their norms (in Fq), running products
 *
 * The descriptor itself is @unmanaged (no header, no GC) and lives in this instance's scratch.
 */
@unmanaged
export class MsmWorkspace {
  count: usize;
  start: usize;
  cursor: usize;
  active: usize;
  points: usize;
  digits: usize;
  work: usize;
  dens: usize;
  norms: usize;
  flags: usize;
  prefix: usize;
  /** The block all of the above are carved from. */
  block: usize;
}
