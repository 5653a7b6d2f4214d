#!/usr/bin/env node
// `npm start`: the API and the worker side by side on one machine, as two processes.
// Either can also run alone (node apps/api/dist/main.js, node apps/worker/dist/main.js), several times over.
// When one stops with an error, the other is stopped too and the exit code is passed on.
const { spawn } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const parts = [
  ["api", join(root, "apps/api/dist/main.js")],
  ["worker", join(root, "apps/worker/dist/main.js")],
].filter(([, file]) => existsSync(file));

const children = parts.map(([name, file]) => {
  const child = spawn(process.execPath, [file], { stdio: "inherit", env: process.env });
  child.name = name;
  return child;
});

let stopping = false;
function stopAll(signal) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill(signal);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stopAll(sig));

let remaining = children.length;
let exitCode = 0;
for (const c of children) {
  c.on("exit", (code, signal) => {
    remaining--;
    if (!stopping && (code !== 0 || signal)) {
      exitCode = code ?? 1;
      stopAll("SIGTERM");
    }
    if (remaining === 0) process.exit(exitCode);
  });
}
