/**
 * The notice every development artifact carries (in the contribution name that snarkjs prints and in
 * the cache metadata): the machine that made it knew the toxic waste.
 */

/** Fits snarkjs' 64-byte contribution name field. */
export const DEV_CONTRIBUTION_NAME = "GhostChain DEV setup: secrets were known, NEVER secure value";

export const DEV_NOTICE =
  "DEVELOPMENT SETUP: tau, alpha, beta, gamma and delta were sampled on this machine, which could have " +
  "kept them and forge proofs. Never use these keys to secure real value; use `setup --ptau FILE`.";
