#!/usr/bin/env node
// Writes src/core/version.generated.ts from package.json, so the front end, the helper and the
// wheel (hatch-nodejs-version) all take their version from the one place it is written by hand.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const target = path.join(root, 'src', 'core', 'version.generated.ts');
const text = '// Generated from package.json by scripts/write-version.js at build time; do not edit.\n' + `export const PACKAGE_VERSION = '${version}';\n`;
// Rewritten only when it changes, so tsc's incremental build keeps its cache.
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
  fs.writeFileSync(target, text);
}
