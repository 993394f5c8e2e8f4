/**
 * Messages between the point pool and its worker processes (sent with Node's "advanced" IPC
 * serialization, so bigint scalars cross as they are).
 */
import type { Group } from "./fixedBase.js";
import type { ScalarRecipe } from "./scalars.js";

/** A run of `count` points, scalars `start..start+count-1` of `recipe`, written at `offset` of `file`. */
export interface PointJob {
  group: Group;
  recipe: ScalarRecipe;
  start: number;
  count: number;
  file: string;
  offset: number;
}

export type WorkerRequest =
  | { type: "init"; batch: number }
  | { type: "buildTable"; id: number; group: Group; from: number; to: number; file: string }
  | { type: "loadTable"; id: number; group: Group; file: string }
  | ({ type: "points"; id: number } & PointJob)
  | { type: "exit" };

export type WorkerReply =
  | { type: "ready" }
  | { type: "done"; id: number }
  | { type: "error"; message: string }
  | { type: "exited"; maxRssKiB: number; cpuSeconds: number };
