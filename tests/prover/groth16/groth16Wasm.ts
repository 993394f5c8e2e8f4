/**
 * The Groth16 WebAssembly module for the tests: build/wasm/groth16.wasm when it is built and carries
 * the NTT, otherwise assembly/groth16/ntt.ts compiled on its own into a temporary folder (about 6 s),
 * so that the NTT can be tested before the whole module is assembled.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GROTH16_WASM_PATH } from "../../../src/prover/groth16/index.js";

const ROOT = join(import.meta.dirname, "../../..");

let module: Promise<WebAssembly.Module> | undefined;

async function compileNttAlone(): Promise<WebAssembly.Module> {
  const dir = mkdtempSync(join(tmpdir(), "ghost-ntt-"));
  try {
    const out = join(dir, "ntt.wasm");
    // An empty config keeps asc from adding asconfig.json's entries (the core) to this build.
    const config = join(dir, "asconfig.json");
    writeFileSync(config, '{"options":{}}');
    const asc = await import("assemblyscript/asc");
    const { error, stderr } = await asc.main(
      [
        join(ROOT, "assembly/groth16/ntt.ts"),
        "--config",
        config,
        "--outFile",
        out,
        "-O3",
        "--runtime",
        "stub",
        "--enable",
        "simd",
        "--noAssert",
      ],
      {},
    );
    if (error)
      throw new Error(`asc failed on assembly/groth16/ntt.ts: ${error.message}\n${stderr.toString()}`);
    return new WebAssembly.Module(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function groth16WasmModule(): Promise<WebAssembly.Module> {
  module ??= (async () => {
    if (existsSync(GROTH16_WASM_PATH)) {
      const built = new WebAssembly.Module(readFileSync(GROTH16_WASM_PATH));
      if (WebAssembly.Module.exports(built).some((e) => e.name === "nttDomain")) return built;
    }
    return compileNttAlone();
  })();
  return module;
}
