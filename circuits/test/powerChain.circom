pragma circom 2.1.0;

// A small circuit for the trusted-setup tests: proves knowledge of b such that c = a^n · b, with the
// public input a and the output c, so the key has a non-trivial IC (ONE, c, a) and private columns.
template PowerChain(n) {
    signal input a;       // public: the base
    signal input b;       // private: the secret factor
    signal output c;      // public: a^n · b
    signal acc[n + 1];    // acc[i] = a^i · b
    acc[0] <== b;
    for (var i = 0; i < n; i++) {
        acc[i + 1] <== acc[i] * a;
    }
    c <== acc[n];
}

component main { public [a] } = PowerChain(40);
