// Sums the counters of every .trx file under a folder and prints "tests: N passed, M failed[, K skipped]".
// Exit code 1 when a test failed, no test ran, or no result file was written (e.g. the test host crashed).
// Extra checks run outside the test projects count as one test each: --passed <name> / --failed <name>.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2] ?? "TestResults";
const files = [];
const walk = (dir) => {
  let entries = [];
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".trx")) files.push(path);
  }
};
walk(folder);

let passed = 0, failed = 0, skipped = 0;
for (const file of files) {
  const counters = readFileSync(file, "utf8").match(/<Counters\b[^>]*>/);
  if (!counters) { failed += 1; continue; }
  const count = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += count("passed");
  failed += count("failed") + count("error") + count("timeout") + count("aborted");
  skipped += count("notExecuted");
}

for (let i = 3; i < process.argv.length; i += 2) {
  if (process.argv[i] === "--passed") passed += 1;
  else if (process.argv[i] === "--failed") { failed += 1; console.error(`failed: ${process.argv[i + 1] ?? "(unnamed check)"}`); }
}

if (files.length === 0) failed += 1;
console.log(`tests: ${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : ""));
process.exit(failed > 0 || passed === 0 ? 1 : 0);
