#!/usr/bin/env node
import './check-node.mjs';

const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv.slice(2));
