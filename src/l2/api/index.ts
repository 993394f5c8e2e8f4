/** GhostPlane's RPC surface: the method and subscription tables (server, client, OpenRPC). */
export {
  BATCH_STAGES,
  ghostplaneApi,
  ghostplaneMethods,
  ghostplaneSubscriptions,
  MAX_USER_BATCH,
  TX_STAGES,
  txEventSchema,
} from "./methods.js";
