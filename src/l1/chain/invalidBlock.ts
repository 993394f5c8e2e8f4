/** The error of a block that cannot be applied as given (docs/l1.md §5): the node refuses it whole. */
import { GhostError } from "../../protocol/index.js";

export function invalidBlock(message: string, cause?: unknown): GhostError {
  return new GhostError(
    "L1_BLOCK_INVALID",
    `invalid block: ${message}`,
    cause === undefined ? {} : { cause },
  );
}
