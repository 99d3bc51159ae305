// Parses each Mermaid file given with Mermaid's own parser (mermaid.parse),
// under jsdom: exit 0 when every file parses, 1 (naming the file and the
// parser's message) otherwise. Needs the `mermaid` and `jsdom` packages,
// found through NODE_PATH or a node_modules/ beside or above this script
// (.ci/run installs them into a cache directory outside the repository).
//
//   node tests/tools/mermaid-parse.mjs FILE...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(
  process.env.GIT_PLAN_MERMAID
    ? path.join(process.env.GIT_PLAN_MERMAID, "node_modules", "x.js")
    : import.meta.url,
);
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>", {
  pretendToBeVisual: true,
});
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ["Element", "HTMLElement", "Node", "DOMParser", "MutationObserver"]) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}
const mermaid = (await import(pathToFileURL(require.resolve("mermaid")).href)).default;
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    await mermaid.parse(text);
  } catch (e) {
    failed += 1;
    console.error(`${file}: ${e && e.message ? e.message : e}`);
  }
}
process.exit(failed ? 1 : 0);
