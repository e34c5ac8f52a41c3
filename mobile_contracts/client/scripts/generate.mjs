// Generates src/generated/ from ../openapi.yaml: `schema.ts` (openapi-typescript: every path, operation and model
// as types) and `operations.ts` (each operation's id -> method, path, what wx.request must send, body media type).
// `node scripts/generate.mjs --check` fails when the committed files differ from a fresh generation (`make drift`).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const contractPath = join(here, "..", "openapi.yaml");
const outDir = join(here, "src", "generated");
const HEADER = "// Generated from mobile_contracts/openapi.yaml by `make generate`; do not edit.\n";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// WechatMiniprogram.RequestOption["method"]; src/generated/operations.ts is type-checked against it as well.
const WX_REQUEST_METHODS = new Set(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"]);

async function render() {
  const text = readFileSync(contractPath, "utf8");
  const document = parse(text);
  const ast = await openapiTS(text, { alphabetize: false, defaultNonNullable: false });
  const schema = HEADER + astToString(ast);

  const rows = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const override = op["x-method-override"];
      const wire = override ? override.method : method.toUpperCase();
      if (!WX_REQUEST_METHODS.has(wire)) {
        throw new Error(`${method.toUpperCase()} ${path}: wx.request cannot send ${wire} and the contract declares no override`);
      }
      const content = op.requestBody ? Object.keys(op.requestBody.content)[0] : null;
      rows.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        wire,
        headers: override ? override.headers : {},
        body: content,
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = [
    HEADER,
    "/** Every operation of the contract: its declared method and path, and what `wx.request` sends for it. */",
    "export const operations = {",
  ];
  for (const r of rows) {
    lines.push(
      `  ${r.id}: { method: ${JSON.stringify(r.method)}, path: ${JSON.stringify(r.path)}, wire: ${JSON.stringify(r.wire)}, ` +
        `headers: ${JSON.stringify(r.headers)}, body: ${JSON.stringify(r.body)}, public: ${r.public} },`,
    );
  }
  lines.push("} as const;", "", "export type OperationId = keyof typeof operations;", "");
  lines.push(`export const OPERATION_COUNT = ${rows.length};`, "");
  return { "schema.ts": schema, "operations.ts": lines.join("\n") };
}

const check = process.argv.includes("--check");
const files = await render();
let stale = [];
mkdirSync(outDir, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  const target = join(outDir, name);
  const rel = relative(join(here, "..", ".."), target);
  if (check) {
    let current = null;
    try {
      current = readFileSync(target, "utf8");
    } catch {}
    if (current !== content) stale.push(rel);
  } else {
    writeFileSync(target, content);
    console.log(`wrote ${rel}`);
  }
}
if (check) {
  if (stale.length) {
    console.error(`${stale.join(", ")} out of date: run \`make generate\``);
    process.exit(1);
  }
  console.log("mobile_contracts/client/src/generated is up to date");
}
