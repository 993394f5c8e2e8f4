pragma circom 2.1.0;

// Compact decimal floats (docs/protocol.md §2.3): value = m · 10^e, packed m(M) | e(5). The circuit decodes
// them with a 5-step product of powers of ten (one multiplication per exponent bit) and enforces the
// canonical encoding: e = 0, or 10·m does not fit M bits (otherwise (10·m, e−1) would encode the same value).

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// Decodes a compact float and checks it is canonical when `enabled` is 1.
template CompactFloat(M) {
    signal input mantissa;           // m: range-checked to M bits here
    signal input exponent;           // e: range-checked to 5 bits here
    signal input enabled;            // 1: enforce the canonical encoding; 0: only decode (a bit, caller-checked)
    signal output value;             // m · 10^e (at most (2^M − 1) · 10^31, below 2^(M+103))
    signal output packed;            // m + e · 2^M, the form signed and published

    component mBits = Num2Bits(M);
    mBits.in <== mantissa;
    component eBits = Num2Bits(5);
    eBits.in <== exponent;

    signal pow[6];                   // pow[i] = 10^(e mod 2^i)
    pow[0] <== 1;
    var step = 10;                   // 10^(2^i)
    for (var i = 0; i < 5; i++) {
        pow[i + 1] <== pow[i] * (1 + eBits.out[i] * (step - 1));
        step = step * step;
    }
    value <== mantissa * pow[5];
    packed <== mantissa + exponent * (1 << M);

    // Non-canonical iff e ≠ 0 and 10·m < 2^M, i.e. m < ceil(2^M / 10).
    component eZero = IsZero();
    eZero.in <== exponent;
    component small = LessThan(M);
    small.in[0] <== mantissa;
    small.in[1] <== ((1 << M) + 9) \ 10;
    signal nonCanonical;             // e ≠ 0 and a smaller exponent would also encode the value
    nonCanonical <== (1 - eZero.out) * small.out;
    nonCanonical * enabled === 0;
}
