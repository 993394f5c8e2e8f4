export { signTx, verifyTx } from "./signTx.js";
export { amountFloat, feeFloat, packTx, txHash, txMessage, type UnsignedTx } from "./txMessage.js";
