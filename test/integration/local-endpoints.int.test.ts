import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { LocalPipeline } from '../../infra/local/pipeline';
import { replay } from '../../infra/local/replay';
import { startUrlServer, type UrlServer } from '../../infra/local/url-server';
import { wiring } from '../../infra/wiring';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType } from '../../shared/contracts/events';
import { signUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { useFreshLocalEnvironment } from '../support/local';

const config = loadConfigFile();

describe('the local Function URL server after a replay (npm start -- --keep-running)', () => {
  let urls: UrlServer;
  const errors: string[] = [];
  const oneClick = (customerId: string) => {
    const t = signUnsubscribeToken({ customerId, email: `${customerId}@example.com` }, process.env.UNSUBSCRIBE_SECRET!);
    return fetch(`${urls.baseUrl}/unsubscribe?t=${t}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      signal: AbortSignal.timeout(20_000),
    });
  };

  beforeAll(async () => {
    await useFreshLocalEnvironment();
    urls = await startUrlServer(wiring(config), (id, error) => errors.push(`${id}: ${(error as Error).name}`));
    // A replay stops its local bus when it ends: what a handler publishes afterwards has nowhere to go.
    await replay({ config, inputs: [], sesEndpoint: inject('sesEndpoint') });
  });
  afterAll(() => urls.stop());

  it('answers 500 for a handler that fails, reports it, and keeps serving', async () => {
    const failed = await oneClick('c-bus-gone');
    expect(failed.status).toBe(500);
    expect(errors).toEqual([expect.stringMatching(/^unsubscribe: /)]);

    const next = await fetch(`${urls.baseUrl}/unsubscribe?t=garbage`, { method: 'POST', signal: AbortSignal.timeout(20_000) });
    expect(next.status).toBe(400);
  });

  it('works again once a new bus takes the events, as --keep-running starts one', async () => {
    const bus = await LocalPipeline.start(config);
    try {
      expect((await oneClick('c-live')).status).toBe(200);
      await bus.drain();
      expect(bus.emitted.filter((e) => e['detail-type'] === DetailType.CustomerUnsubscribed).map((e) => e.detail)).toEqual([expect.objectContaining({ customerId: 'c-live' })]);
    } finally {
      await bus.stop();
    }
  });
});
