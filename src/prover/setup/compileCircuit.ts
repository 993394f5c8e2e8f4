/**
 * Compiles a circom circuit to .r1cs and witness-generator .wasm with circom2 (the circom compiler built
 * to WebAssembly, so no native toolchain is needed), optimised with --O2.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { GhostError } from "../../protocol/errors.js";

export interface CompiledCircuit {
  r1cs: string;
  wasm: string;
}

export async function compileCircuit(
  mainFile: string,
  outDir: string,
  options: { root: string; libDir: string },
): Promise<CompiledCircuit> {
  mkdirSync(outDir, { recursive: true });
  const name = basename(mainFile, ".circom");
  const cli = join(options.libDir, "circom2", "cli.js");
  // Relative paths from the project root: circom2 runs under WASI with the working directory preopened.
  const args = [
    cli,
    relative(options.root, mainFile),
    "--r1cs",
    "--wasm",
    "--O2",
    "-o",
    relative(options.root, outDir),
    "-l",
    relative(options.root, options.libDir),
  ];
  const output: Buffer[] = [];
  const code = await new Promise<number>((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: options.root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => output.push(d));
    child.stderr.on("data", (d: Buffer) => output.push(d));
    child.on("error", fail);
    child.on("close", (c) => ok(c ?? 1));
  });
  const log = Buffer.concat(output).toString("utf8");
  if (code !== 0 || !/Everything went okay/.test(log)) {
    throw new GhostError("SETUP_COMPILE_FAILED", `circom failed on ${mainFile}:\n${log}`, {
      details: { circuit: mainFile, exitCode: code },
    });
  }
  return { r1cs: join(outDir, `${name}.r1cs`), wasm: join(outDir, `${name}_js`, `${name}.wasm`) };
}
