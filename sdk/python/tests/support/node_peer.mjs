// The TypeScript side of the cross-language tests, on the built code (dist/):
//   resolve  {snapshot, unitIds}           -> {program: ["alias|shadow,shadow|reason", ...]} via the TS SDK's compiled snapshot
//   sketch   {values, serverValues, sdkSketches} -> keys per value, DDSketch data, the server's merge of the SDK's sketches
// Reads one JSON request on stdin, writes one JSON answer on stdout.
import { DDSketch } from "@datadog/sketches-js";
import { CompiledSnapshot, resolveIn } from "../../../../dist/src/sdk/compiled-snapshot.js";
import { mergeSketchData, sketchFromValues, toSketchData } from "../../../../dist/src/core/stats/quantile-sketch.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));

function resolveAll({ snapshot, unitIds }) {
  const compiled = new CompiledSnapshot(snapshot);
  const out = {};
  for (const program of Object.keys(snapshot.programs)) {
    out[program] = unitIds.map((id) => {
      const r = resolveIn(compiled, program, id);
      return `${r.alias}|${r.shadow.map((s) => s.alias).join(",")}|${r.reason}`;
    });
  }
  return out;
}

function sketches({ values, serverValues, sdkSketches }) {
  const reference = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of values) reference.accept(v);
  const keys = values.map((v) => (v > 0 ? reference.mapping.key(v) : v < 0 ? reference.mapping.key(-v) : null));
  let merged = sketchFromValues(serverValues);
  for (const s of sdkSketches) merged = mergeSketchData(merged, s);
  return { keys, data: toSketchData(reference), merged, combined: sketchFromValues([...serverValues, ...values]) };
}

const answer = request.kind === "resolve" ? resolveAll(request) : sketches(request);
process.stdout.write(JSON.stringify(answer));
