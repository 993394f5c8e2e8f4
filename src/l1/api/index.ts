/** ghostd's RPC surface: the method table (server, client, OpenRPC) and the wire form of its values. */
export { blockSchema, ghostdApi, ghostdMethods, ghostdSubscriptions, receiptSchema } from "./methods.js";
export { toWire, type Wire } from "./wire.js";
