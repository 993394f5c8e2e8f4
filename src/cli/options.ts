/** Option parsers the commands and scripts share (commander's `argParser`). */
import { InvalidArgumentError } from "commander";

/** A flag's value as a safe integer of at least `min`, else commander's usage error naming the flag. */
export const integerAtLeast = (flag: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new InvalidArgumentError(`${flag} expects an integer ≥ ${min}`);
  return n;
};

export const nonNegativeInt = (flag: string) => integerAtLeast(flag, 0);
