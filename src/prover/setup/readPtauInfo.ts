/**
 * Reads a .ptau file's header (curve, power) and which sections it has, without loading the points:
 * enough to check that a ceremony file fits a circuit before handing it to snarkjs.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { GhostError } from "../../protocol/errors.js";

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export interface PtauInfo {
  power: number;
  ceremonyPower: number;
  /** Sections 12-15 (Lagrange bases) are present: the file went through `prepare phase2`. */
  prepared: boolean;
}

export function readPtauInfo(path: string): PtauInfo {
  const bad = (why: string) => new GhostError("SETUP_BAD_FILE", `${path}: ${why}`, { details: { path } });
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new GhostError("SETUP_BAD_FILE", `${path}: cannot open`, { cause: e, details: { path } });
  }
  try {
    const size = statSync(path).size;
    const read = (pos: number, n: number): Buffer => {
      const b = Buffer.alloc(n);
      if (readSync(fd, b, 0, n, pos) !== n) throw bad("truncated");
      return b;
    };
    const head = read(0, 12);
    if (head.toString("ascii", 0, 4) !== "ptau") throw bad("not a ptau file");
    const n = head.readUInt32LE(8);
    const ids = new Set<number>();
    let pos = 12;
    let power = -1;
    let ceremonyPower = -1;
    for (let i = 0; i < n; i++) {
      const h = read(pos, 12);
      const id = h.readUInt32LE(0);
      const len = Number(h.readBigUInt64LE(4));
      if (pos + 12 + len > size) throw bad("truncated");
      ids.add(id);
      if (id === 1) {
        const body = read(pos + 12, len);
        const n8 = body.readUInt32LE(0);
        let q = 0n;
        for (let k = n8 - 1; k >= 0; k--) q = (q << 8n) | BigInt(body[4 + k]!);
        if (q !== Q) throw bad("not a BN254 ceremony");
        power = body.readUInt32LE(4 + n8);
        ceremonyPower = body.readUInt32LE(8 + n8);
      }
      pos += 12 + len;
    }
    if (power < 0) throw bad("no header section");
    return { power, ceremonyPower, prepared: [12, 13, 14, 15].every((id) => ids.has(id)) };
  } finally {
    closeSync(fd);
  }
}
