// Plain JavaScript on purpose: an older Node fails on a .ts entry before any check could run.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `Parley needs Node.js 24 or newer (it runs TypeScript directly and uses node:sqlite); ` +
      `this is Node.js ${process.versions.node}.\n` +
      `Install it with: npm install -g --prefix "$HOME/.parley-node" node@24 && export PATH="$HOME/.parley-node/bin:$PATH"\n`,
  );
  process.exit(1);
}
