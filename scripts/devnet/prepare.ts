/**
 * What the devnet needs before a node starts, built only when missing and side by side: the WASM core
 * (scripts/build/wasm.ts) and dist/ (scripts/build/dist.ts) in their own processes, the batch circuit and
 * its development keys here (its point computations run in worker processes of their own). Each is keyed
 * by the content of its inputs, checked here first, so a warm tree costs three hash checks. Progress: a bar per step on a
 * terminal, a line per step elsewhere.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { type BatchCircuitName, buildBatchCircuit } from "../../src/prover/index.js";
import type { SetupStep } from "../../src/prover/setup/index.js";
import { distIsCurrent, wasmIsCurrent } from "../build/sourceKeys.js";
import { PROJECT_ROOT } from "./nodeProcess.js";

export interface PreparedStep {
  readonly step: string;
  /** True when its cache was current and nothing was built. */
  readonly cached: boolean;
  readonly seconds: number;
}

interface StepView {
  /** Fraction done, 0..1. */
  update(fraction: number, status: string): void;
  done(cached: boolean, seconds: number): void;
}

interface Display {
  step(name: string): StepView;
  stop(): void;
}

const barFormat = "{step} [{bar}] {percentage}% | {duration_formatted} | {status}";

function terminalDisplay(): Display {
  const bars = new MultiBar(
    { format: barFormat, hideCursor: true, clearOnComplete: false, stream: process.stderr },
    Presets.shades_classic,
  );
  return {
    step(name) {
      const bar: SingleBar = bars.create(100, 0, { step: name.padEnd(22), status: "starting" });
      return {
        update: (fraction, status) => bar.update(Math.min(99, Math.floor(fraction * 100)), { status }),
        done: (cached, seconds) =>
          bar.update(100, { status: cached ? "cached" : `built in ${seconds.toFixed(1)} s` }),
      };
    },
    stop: () => bars.stop(),
  };
}

function lineDisplay(write: (line: string) => void): Display {
  return {
    step(name) {
      write(`${name}: checking`);
      let lastStatus = "";
      return {
        update: (_fraction, status) => {
          if (status !== lastStatus) write(`${name}: ${status}`);
          lastStatus = status;
        },
        done: (cached, seconds) =>
          write(`${name}: ${cached ? "cached" : `built in ${seconds.toFixed(1)} s`}`),
      };
    },
    stop: () => {},
  };
}

/**
 * A build script's step: nothing when `isCurrent()` says its output is (a hash of the inputs, asked here),
 * else the script in its own process. Resolves true when nothing had to be built.
 */
function runBuildScript(
  script: string,
  isCurrent: () => boolean,
  view: StepView,
  expectedSeconds: number,
): Promise<boolean> {
  if (isCurrent()) return Promise.resolve(true);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, script)], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    // The compilers report no progress: the bar follows the usual duration and waits at 99% for the end.
    const t0 = performance.now();
    const timer = setInterval(() => {
      view.update((performance.now() - t0) / 1000 / expectedSeconds, "running");
    }, 250);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearInterval(timer);
      if (code === 0) resolve(false);
      else reject(new Error(`${script} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Fractions of a cold circuit build taken by each step, for one bar across the three. */
const CIRCUIT_STEPS: Record<SetupStep, { from: number; share: number; label: string }> = {
  compile: { from: 0, share: 0.4, label: "compiling with circom" },
  ptau: { from: 0.4, share: 0.25, label: "powers of tau" },
  zkey: { from: 0.65, share: 0.35, label: "proving key" },
};

export async function prepareDevnet(
  circuit: BatchCircuitName,
  options: { write?: (line: string) => void } = {},
): Promise<PreparedStep[]> {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const display = process.stderr.isTTY ? terminalDisplay() : lineDisplay(write);
  const timed = async (name: string, build: (view: StepView) => Promise<boolean>): Promise<PreparedStep> => {
    const view = display.step(name);
    const t0 = performance.now();
    const cached = await build(view);
    const seconds = (performance.now() - t0) / 1000;
    view.done(cached, seconds);
    return { step: name, cached, seconds };
  };
  try {
    return await Promise.all([
      timed("WASM core", (view) => runBuildScript("scripts/build/wasm.ts", wasmIsCurrent, view, 30)),
      timed("dist/ (tsc)", (view) => runBuildScript("scripts/build/dist.ts", distIsCurrent, view, 15)),
      timed(`circuit ${circuit} + keys`, async (view) => {
        const built = await buildBatchCircuit(circuit, {
          onProgress: (step, done, total) => {
            const s = CIRCUIT_STEPS[step];
            view.update(s.from + (s.share * done) / Math.max(1, total), s.label);
          },
        });
        return built.cached;
      }),
    ]);
  } finally {
    display.stop();
  }
}
