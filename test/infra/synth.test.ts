import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cdk = (args: string[]) => execFileSync('npx', ['cdk', 'synth', '--quiet', ...args], { encoding: 'utf8', stdio: 'pipe' });

describe('cdk synth of the app', () => {
  it('fails on a bad config with the path of the bad field', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'cfg-')), 'bad.yaml');
    writeFileSync(bad, 'bus: { name: loyalty }\nmail: { sender: nope }\nsellers: { defaultSellerId: a, directory: [] }\nschedules: {}\nsecondSale: {}\nrespect: {}\n');
    let stderr = '';
    try {
      cdk(['--context', `config=${bad}`, '--output', mkdtempSync(path.join(tmpdir(), 'cdk-out-'))]);
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('mail.sender: Invalid email address');
    expect(stderr).toContain('sellers.directory: Too small');
  }, 120_000);
});
