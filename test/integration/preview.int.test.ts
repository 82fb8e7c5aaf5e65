import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cdnowInputs } from '../../infra/local/datasets/cdnow-inputs';
import { changedJourneys, preview } from '../../infra/local/preview';
import { firstCustomers } from '../../infra/local/soak';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';

/** The shipped config with one edit, in a folder of its own beside a copy of its catalog. */
function editedConfig(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'preview-'));
  const catalog = loadConfigFile().catalogFile;
  copyFileSync(path.resolve(path.dirname(DEFAULT_CONFIG_FILE), catalog), path.join(dir, catalog));
  const file = path.join(dir, 'edited.yaml');
  writeFileSync(file, edit(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')));
  return file;
}

describe('previewing a config change against real history', () => {
  it('replays the same history under both configs and reports every count that changed, with the journeys that changed', async () => {
    const upserveOff = editedConfig((yaml) => yaml.replace('upserve:\n  enabled: true', 'upserve:\n  enabled: false'));
    expect(loadConfigFile(upserveOff).upserve.enabled).toBe(false);
    const inputs = firstCustomers(cdnowInputs('cdnow-sample', loadConfigFile()), 10).filter(({ event }) => event.time < '1997-02-01');
    const services = { endpoints: { dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') } };

    const result = await preview({ againstFile: DEFAULT_CONFIG_FILE, configFile: upserveOff, inputs, until: '1997-02-12T00:00:00.000Z', services });

    const suggestions = result.against.emails.filter((e) => e.kind === 'upserve/suggestions').length;
    expect(suggestions).toBeGreaterThan(0);
    expect(result.diff['emails.upserve/suggestions']).toEqual([suggestions, 0]);
    expect(result.diff.emails).toEqual([result.against.emails.length, result.config.emails.length]);
    expect(result.diff['emails.second-sale/thank-you']).toBeUndefined();
    const journeys = changedJourneys(result.against, result.config);
    expect(journeys.length).toBeGreaterThan(0);
    expect(journeys[0]!.against).toContain('upserve/suggestions');
    expect(journeys[0]!.config).not.toContain('upserve/suggestions');
  }, 180_000);
});
