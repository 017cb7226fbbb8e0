#!/usr/bin/env node
// Counts the tests (`test(`/`it(` calls) and assertions (`expect(` calls) in the files given,
// to check that moving tests between files and packages kept every one of them.
// Usage: node scripts/count-tests.mjs FILE...
import { readFileSync } from 'node:fs';

let tests = 0;
let expects = 0;
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const fileTests = source.match(/(?<![.\w])(?:test|it)\(/g)?.length ?? 0;
  const fileExpects = source.match(/(?<![.\w])expect\(/g)?.length ?? 0;
  console.log(
    `${String(fileTests).padStart(4)} tests ${String(fileExpects).padStart(5)} expect()  ${file}`,
  );
  tests += fileTests;
  expects += fileExpects;
}
console.log(`${String(tests).padStart(4)} tests ${String(expects).padStart(5)} expect()  total`);
