/** Option parsers the commands share (commander's `argParser`). */
import { InvalidArgumentError } from "commander";

/** A flag's value as a non-negative safe integer, else commander's usage error naming the flag. */
export const nonNegativeInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`${flag} expects a non-negative integer`);
  return n;
};
