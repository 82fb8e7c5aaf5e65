import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { referenceRows, withReference } from '../../scripts/lib/config-reference';
import { DEFAULT_CONFIG_FILE } from '../../shared/config/config-file';

const README = path.resolve(__dirname, '../../README.md');

/** Every field path the shipped config file writes, lists as `[]`. */
function writtenPaths(node: Node | null, prefix = ''): string[] {
  if (isMap(node)) return node.items.flatMap((pair) => {
    const key = `${prefix}${isScalar(pair.key) ? String(pair.key.value) : ''}`;
    return [key, ...writtenPaths(pair.value as Node | null, `${key}.`)];
  });
  if (isSeq(node)) return node.items.flatMap((item) => writtenPaths(item as Node, `${prefix.slice(0, -1)}[].`));
  return [];
}

describe('the config reference', () => {
  const rows = referenceRows();

  it("is in the README as the schema generates it (run `npm run config:reference` after changing the schema)", () => {
    const readme = readFileSync(README, 'utf8');
    expect(withReference(readme)).toBe(readme);
  });

  it('describes every field', () => {
    expect(rows.filter((r) => !r.description).map((r) => r.path)).toEqual([]);
  });

  it('lists every field the shipped config writes', () => {
    const paths = new Set(rows.map((r) => r.path));
    // A stage's overrides are fields of the sections above: `stages.dev.mail.sender` is `mail.sender`.
    const written = writtenPaths(parseDocument(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')).contents).map((p) => p.replace(/^stages\.[^.]+(\.|$)/, (_m, dot: string) => (dot ? '' : 'stages')));
    expect(written.length).toBeGreaterThan(40);
    expect(written.filter((p) => !paths.has(p))).toEqual([]);
  });
});
