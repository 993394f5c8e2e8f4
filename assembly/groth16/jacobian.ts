/**
 * Short-Weierstrass point arithmetic with a = 0 (BN254's G1 over Fq and G2 over Fq2), generic over
 * the coordinate field (fields.ts). Formulas from the Explicit-Formulas Database (hyperelliptic.org/EFD,
 * g1p/auto-shortw-jacobian-0): dbl-2009-l, madd-2007-bl, add-2007-bl.
 *
 * Layouts (n = the field's element size):
 *   Jacobian  [ X | Y | Z ]  3n bytes, (X/Z², Y/Z³); the point at infinity has Z = 0.
 *   affine    [ x | y ]      2n bytes, coordinates < 2q (canonical where they are compared, see
 *                            bucketAccumulate.ts); the point at infinity is all zeros (y = 0 is on
 *                            neither curve's prime-order group; ffjavascript's zkeys write it so).
 * Outputs may alias inputs: results are formed in scratch before they are written.
 */

export function jacSetInfinity<F>(f: F, o: usize): void {
  f.setZero(o);
  f.setOne(o + f.bytes);
  f.setZero(o + 2 * f.bytes);
}

export function jacIsInfinity<F>(f: F, p: usize): bool {
  return f.isZero(p + 2 * f.bytes);
}

/** The affine point at infinity is stored as zeros; only y needs checking. */
export function affineIsInfinity<F>(f: F, a: usize): bool {
  return f.isZero(a + f.bytes);
}

export function jacFromAffine<F>(f: F, o: usize, a: usize): void {
  if (affineIsInfinity(f, a)) {
    jacSetInfinity(f, o);
    return;
  }
  f.copy(o, a);
  f.copy(o + f.bytes, a + f.bytes);
  f.setOne(o + 2 * f.bytes);
}

/** o = 2p (dbl-2009-l: 2M + 5S); the infinity (Z = 0) doubles to Z = 0 without a test. */
export function jacDouble<F>(f: F, o: usize, p: usize): void {
  const n = f.bytes;
  const A = f.tmp(0), B = f.tmp(1), C = f.tmp(2), D = f.tmp(3), E = f.tmp(4), G = f.tmp(5), T = f.tmp(6);
  f.sqr(A, p);
  f.sqr(B, p + n);
  f.sqr(C, B);
  f.add(D, p, B);
  f.sqr(D, D);
  f.sub(D, D, A);
  f.sub(D, D, C);
  f.dbl(D, D);
  f.dbl(E, A);
  f.add(E, E, A);
  f.sqr(G, E);
  // Z3 = 2·Y1·Z1 first: it is the last use of p's Y and Z, so o may alias p.
  f.mul(o + 2 * n, p + n, p + 2 * n);
  f.dbl(o + 2 * n, o + 2 * n);
  f.dbl(T, D);
  f.sub(o, G, T);
  f.sub(T, D, o);
  f.mul(T, E, T);
  f.dbl(C, C);
  f.dbl(C, C);
  f.dbl(C, C);
  f.sub(o + n, T, C);
}

/**
 * Writes (X3, Y3, Z3) = (r² − J − 2V, r(V − X3) − 2·s·J, z) from the shared tail of both additions,
 * given r, J, V, s at their scratch slots and z already computed.
 */
function addTail<F>(f: F, o: usize, r: usize, J: usize, V: usize, s: usize, z: usize): void {
  const n = f.bytes;
  const X3 = f.tmp(11), T = f.tmp(12);
  f.sqr(X3, r);
  f.sub(X3, X3, J);
  f.sub(X3, X3, V);
  f.sub(X3, X3, V);
  f.sub(T, V, X3);
  f.mul(T, r, T);
  f.mul(s, s, J);
  f.dbl(s, s);
  f.sub(o + n, T, s);
  f.copy(o, X3);
  f.copy(o + 2 * n, z);
}

/** o = p + a, a affine (madd-2007-bl: 7M + 4S); handles infinity on either side, p = a and p = −a. */
export function jacAddAffine<F>(f: F, o: usize, p: usize, a: usize): void {
  const n = f.bytes;
  if (affineIsInfinity(f, a)) {
    if (o != p) memory.copy(o, p, 3 * n);
    return;
  }
  if (jacIsInfinity(f, p)) {
    jacFromAffine(f, o, a);
    return;
  }
  const Z1Z1 = f.tmp(0), U2 = f.tmp(1), S2 = f.tmp(2), H = f.tmp(3), r = f.tmp(4);
  const HH = f.tmp(5), I = f.tmp(6), J = f.tmp(7), V = f.tmp(8), Y1 = f.tmp(9), Z3 = f.tmp(10);
  f.sqr(Z1Z1, p + 2 * n);
  f.mul(U2, a, Z1Z1);
  f.mul(S2, a + n, p + 2 * n);
  f.mul(S2, S2, Z1Z1);
  f.sub(H, U2, p);
  f.sub(r, S2, p + n);
  f.dbl(r, r);
  if (f.isZero(H)) {
    if (f.isZero(r)) jacDouble(f, o, p);
    else jacSetInfinity(f, o);
    return;
  }
  f.sqr(HH, H);
  f.dbl(I, HH);
  f.dbl(I, I);
  f.mul(J, H, I);
  f.mul(V, p, I);
  f.add(Z3, p + 2 * n, H);
  f.sqr(Z3, Z3);
  f.sub(Z3, Z3, Z1Z1);
  f.sub(Z3, Z3, HH);
  f.copy(Y1, p + n);
  addTail(f, o, r, J, V, Y1, Z3);
}

/** o = p + q (add-2007-bl: 11M + 5S); handles infinity on either side, p = q and p = −q. */
export function jacAdd<F>(f: F, o: usize, p: usize, q: usize): void {
  const n = f.bytes;
  if (jacIsInfinity(f, q)) {
    if (o != p) memory.copy(o, p, 3 * n);
    return;
  }
  if (jacIsInfinity(f, p)) {
    if (o != q) memory.copy(o, q, 3 * n);
    return;
  }
  const Z1Z1 = f.tmp(0), Z2Z2 = f.tmp(1), U1 = f.tmp(2), U2 = f.tmp(3), S1 = f.tmp(4), S2 = f.tmp(5);
  const H = f.tmp(6), r = f.tmp(7), I = f.tmp(8), J = f.tmp(9), Z3 = f.tmp(10);
  f.sqr(Z1Z1, p + 2 * n);
  f.sqr(Z2Z2, q + 2 * n);
  f.mul(U1, p, Z2Z2);
  f.mul(U2, q, Z1Z1);
  f.mul(S1, p + n, q + 2 * n);
  f.mul(S1, S1, Z2Z2);
  f.mul(S2, q + n, p + 2 * n);
  f.mul(S2, S2, Z1Z1);
  f.sub(H, U2, U1);
  f.sub(r, S2, S1);
  f.dbl(r, r);
  if (f.isZero(H)) {
    if (f.isZero(r)) jacDouble(f, o, p);
    else jacSetInfinity(f, o);
    return;
  }
  f.dbl(I, H);
  f.sqr(I, I);
  f.mul(J, H, I);
  // V = U1·I (reusing U2's slot).
  f.mul(U2, U1, I);
  f.add(Z3, p + 2 * n, q + 2 * n);
  f.sqr(Z3, Z3);
  f.sub(Z3, Z3, Z1Z1);
  f.sub(Z3, Z3, Z2Z2);
  f.mul(Z3, Z3, H);
  addTail(f, o, r, J, U2, S1, Z3);
}

/** o (affine, canonical) = p; the infinity becomes zeros. */
export function jacToAffine<F>(f: F, o: usize, p: usize): void {
  const n = f.bytes;
  if (jacIsInfinity(f, p)) {
    f.setZero(o);
    f.setZero(o + n);
    return;
  }
  const zi = f.tmp(0), zi2 = f.tmp(1);
  f.inverse(zi, p + 2 * n);
  f.sqr(zi2, zi);
  f.mul(o, p, zi2);
  f.mul(zi, zi, zi2);
  f.mul(o + n, p + n, zi);
  f.canonical(o, o);
  f.canonical(o + n, o + n);
}
