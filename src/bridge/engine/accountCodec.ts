/** ACCOUNT records ⇄ protocol Accounts (layout ACCOUNT). Values are range-checked before encoding. */
import type { Account } from "../../protocol/index.js";
import { readU32, readUint, writeU32, writeUint } from "../layout/codec.js";
import { ACCOUNT } from "../layout/structs.js";

const F = ACCOUNT.fields;

export function writeAccount(view: DataView, base: number, a: Account): void {
  new Uint8Array(view.buffer, view.byteOffset + base, ACCOUNT.size).fill(0);
  writeUint(view, base, F.ax, a.ax);
  writeUint(view, base, F.ay, a.ay);
  writeUint(view, base, F.l1Address, a.l1Address);
  a.balances.forEach((b, t) => {
    writeUint(view, base, F.balances, b, t);
  });
  writeU32(view, base, F.nonce, a.nonce);
}

export function readAccount(view: DataView, base: number): Account {
  const b = (t: number) => readUint(view, base, F.balances, t);
  return {
    ax: readUint(view, base, F.ax),
    ay: readUint(view, base, F.ay),
    l1Address: readUint(view, base, F.l1Address),
    nonce: readU32(view, base, F.nonce),
    balances: [b(0), b(1), b(2), b(3)],
  };
}
