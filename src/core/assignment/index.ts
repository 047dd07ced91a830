export * from "./hash.js";
export * from "./traffic-plan.js";
export * from "./assign.js";
export * from "./snapshot.js";
