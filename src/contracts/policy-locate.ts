/**
 * Finding where a value lives in a YAML document, for errors with line and
 * column: the offending node if it exists, else its nearest existing parent
 * (a missing key is reported where the object that lacks it starts).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from "yaml";

export type PathKey = string | number;

export interface Position {
  line: number;
  column: number;
  /** false when the path does not exist and the position is its nearest parent's. */
  exact: boolean;
}

function start(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** `margin:` with nothing after it: a null scalar with no text of its own. */
function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Offset of `path`'s value (or of its key, with `at: "key"`), or of its nearest existing parent. */
export function locateOffset(doc: Document, path: readonly PathKey[], at: "value" | "key" = "value"): { offset: number; exact: boolean } {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) return { offset, exact: false };
      const keyOffset = start(pair.key) ?? offset;
      if (i === path.length - 1 && at === "key") return { offset: keyOffset, exact: true };
      offset = isEmpty(pair.value) ? keyOffset : (start(pair.value) ?? keyOffset);
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined || !Number.isInteger(Number(segment))) return { offset, exact: false };
      offset = start(item) ?? offset;
      node = item;
    } else {
      return { offset, exact: false };
    }
  }
  return { offset, exact: true };
}

export function locate(doc: Document, lines: LineCounter, path: readonly PathKey[], at: "value" | "key" = "value"): Position {
  const { offset, exact } = locateOffset(doc, path, at);
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col, exact };
}
