/** Test helpers for code that uses the Arena SDK: a fake Arena server and snapshot builders. */
export { FakeArenaServer, type RecordedRequest, type ScriptedResponse, type TelemetryBatchBody } from "./fake-arena-server.js";
export { testSnapshot, testTarget, type TestProgram } from "./test-snapshot.js";
export { eventually } from "./eventually.js";
