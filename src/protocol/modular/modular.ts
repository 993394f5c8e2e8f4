/**
 * Modular arithmetic on bigints for any prime modulus: the slow, obviously correct reference used
 * where speed does not matter (code generators, the development setup's secrets, test models).
 */

/** a mod m in [0, m). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** base^exp mod m (square and multiply), exp ≥ 0. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** a⁻¹ mod m by the extended Euclidean algorithm; throws for a ≡ 0. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  if (r0 === 0n) throw new RangeError("inverse of zero");
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/** True when a is a non-zero square mod the odd prime p (Euler's criterion). */
export function isQuadraticResidue(a: bigint, p: bigint): boolean {
  return modPow(a, (p - 1n) / 2n, p) === 1n;
}

/** A square root of a mod the odd prime p (Tonelli–Shanks); throws when a is not a square. */
export function modSqrt(a: bigint, p: bigint): bigint {
  const n = mod(a, p);
  if (n === 0n) return 0n;
  if (!isQuadraticResidue(n, p)) throw new RangeError("not a square");
  let q = p - 1n;
  let s = 0n;
  while ((q & 1n) === 0n) {
    q >>= 1n;
    s++;
  }
  let z = 2n;
  while (isQuadraticResidue(z, p)) z++;
  let m = s;
  let c = modPow(z, q, p);
  let t = modPow(n, q, p);
  let r = modPow(n, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0n;
    for (let t2 = t; t2 !== 1n; t2 = (t2 * t2) % p) i++;
    const b = modPow(c, 1n << (m - i - 1n), p);
    m = i;
    c = (b * b) % p;
    t = (t * c) % p;
    r = (r * b) % p;
  }
  return r;
}
