/**
 * Montgomery's trick: n inverses for one field inversion and 3(n − 1) multiplications. The MSM's
 * bucket additions (bucketAccumulate.ts) fuse the same two passes with the computation of the
 * denominators instead of calling this; this is the plain form, for whole arrays.
 */

/**
 * out[i] = in[i]⁻¹ for n consecutive elements; a zero input gets a zero output and does not spoil
 * the others. `prefix` holds n elements of workspace; out may alias in. Returns the number of zeros.
 */
export function batchInverse<F>(f: F, out: usize, input: usize, n: i32, prefix: usize): i32 {
  const size = f.bytes;
  const acc = f.tmp(13), t = f.tmp(14);
  let zeros = 0;
  f.setOne(acc);
  for (let i = 0; i < n; i++) {
    const x = input + <usize>i * size;
    f.copy(prefix + <usize>i * size, acc);
    if (f.isZero(x)) zeros++;
    else f.mul(acc, acc, x);
  }
  f.inverse(acc, acc);
  for (let i = n - 1; i >= 0; i--) {
    const x = input + <usize>i * size;
    const o = out + <usize>i * size;
    if (f.isZero(x)) {
      f.setZero(o);
      continue;
    }
    f.mul(t, acc, prefix + <usize>i * size);
    f.mul(acc, acc, x);
    f.copy(o, t);
  }
  return zeros;
}
