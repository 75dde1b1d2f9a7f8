/**
 * Synthetic long-memory problems, generated in-process from a seeded generator: the adding problem
 * (regression) and temporal order / recall (classification).
 * @module
 */
export * from "./adding.ts";
export * from "./temporal_order.ts";
