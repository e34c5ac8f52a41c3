// Lints ../openapi.yaml with Redocly's `recommended` rules (the library behind `redocly lint`). Errors fail (e.g.
// an operation without `security` while the document has no global one); warnings are printed.
import { createConfig, lint } from "@redocly/openapi-core";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const contract = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), "openapi.yaml");
const config = await createConfig({ extends: ["recommended"], rules: { "info-license": "off" } });
const problems = await lint({ ref: contract, config });
for (const p of problems) {
  console.log(`${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ""})`);
}
const errors = problems.filter((p) => p.severity === "error").length;
console.log(`openapi.yaml: ${errors} error(s), ${problems.length - errors} warning(s) (redocly recommended)`);
process.exit(errors ? 1 : 0);
