import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withReference } from './lib/config-reference';

/** `npm run config:reference`: writes the config reference, generated from the schema, into the README. */
const readmePath = path.resolve(__dirname, '..', 'README.md');
writeFileSync(readmePath, withReference(readFileSync(readmePath, 'utf8')));
console.log(`config reference written to ${path.relative(process.cwd(), readmePath)}`);
