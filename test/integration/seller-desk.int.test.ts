import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMailbox } from '../../infra/local/mailbox';
import { DetailType, type OrderPlaced, type OutreachSkipped, type SellerActionRecorded } from '../../shared/contracts/events';
import { signSellerLink, type SellerLink } from '../../shared/domain/seller-link';
import { localSes, UNSUBSCRIBE_SECRET } from '../support/outreach';
import { riskWorld } from '../support/risk';
import { startSesProxy, type SesProxy } from '../support/ses-proxy';

type World = Awaited<ReturnType<typeof riskWorld>>;

// The test model flags a one-time buyer 98 days after their first purchase day; the win-back follows 3 days later.
const FIRST = '2026-01-05T10:00:00.000Z';
const SCORER_RUN = '2026-04-13T04:00:00.000Z';
const BERLIN_8AM = '2026-04-13T06:00:00.000Z';
const CLICK = '2026-04-13T09:30:00.000Z';
/** Past the grace period, at noon in Berlin: outside quiet hours. */
const AFTER_GRACE = '2026-04-16T10:00:00.000Z';

/** The digest's links of one listed customer, as the text part prints them. */
interface DigestLinks {
  card: string;
  reachOut: string;
  sendNow: string;
  notAtRisk: string;
  lost: string;
}

/** Anna's customer `c-1` (phone and company given), flagged and listed in her digest; the digest's links to them. */
async function flaggedAndListed(options: Parameters<typeof riskWorld>[0] = {}) {
  const world = await riskWorld(options);
  const base = world.order('c-1', FIRST, { total: 300 });
  const order: OrderPlaced = { ...base, customer: { ...base.customer, phone: '+49 30 555 0199', company: 'Brandt Büro GmbH' } };
  await world.place(order);
  expect(await world.score(SCORER_RUN)).toMatchObject({ flagged: 1 });
  expect(await world.digest(BERLIN_8AM, { sellers: [world.sellers[0]!] })).toMatchObject({ sent: 1 });
  const [digest] = (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.includes(world.sellers[0]!.email));
  return { world, digest: digest!, links: linksIn(digest!.text!), email: order.customer.email };
}

function linksIn(text: string): DigestLinks {
  const url = (label: string) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1] ?? '';
  return { card: url('Card'), reachOut: url("I'll reach out"), sendNow: url('Send the win-back now'), notAtRisk: url('Not at risk'), lost: url('Lost') };
}

const tokenOf = (url: string): string => new URL(url).searchParams.get('t')!;
const get = (world: World, url: string, now = CLICK) => world.sellerPage({ method: 'GET', token: tokenOf(url) }, now);
const post = (world: World, url: string, form: Record<string, string> = {}, now = CLICK) => world.sellerPage({ method: 'POST', token: tokenOf(url), form }, now);
const actions = (world: World) => world.events.ofType(DetailType.SellerActionRecorded).map((e) => e.detail as SellerActionRecorded);
const winBack = async (world: World) => (await world.queue.pending('c-1', { flow: 'win-back' }))[0];
const winBacksSent = (world: World) => world.events.ofType(DetailType.OutreachSent).filter((e) => (e.detail as { flow: string }).flow === 'win-back');

describe("the seller's desk against DynamoDB Local and the SES emulator", () => {
  it('lists how to reach each customer and links them to a card that shows and changes nothing on GET or HEAD', async () => {
    const { world, digest, links, email } = await flaggedAndListed();
    expect(digest.text).toContain(`Reach: Brandt Büro GmbH, ${email}, +49 30 555 0199`);
    expect(digest.html).toContain(`href="mailto:${email}"`);
    expect(digest.html).toContain('href="tel:+49305550199"');
    expect(Object.values(links).every((l) => l.startsWith('https://loyalty.example.com/seller-desk?t=s1.'))).toBe(true);

    const before = { profile: await world.customers.getProfile('c-1'), step: await winBack(world), events: world.events.events.length };
    const card = await get(world, links.card);
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain(`mailto:${email}`);
    expect(card.body).toContain('Brandt Büro GmbH');
    expect(card.body).toContain('Buying rhythm');
    expect(card.body).toContain('Risk over time');
    expect(card.body).toContain('Marketing email: yes');
    for (const label of ['I&#39;ll reach out', 'Send the win-back now', 'Not at risk', 'Lost']) expect(card.body).toContain(label);
    // A scanner fetching every link of the email, action links included, acts on nothing.
    for (const url of Object.values(links)) expect((await get(world, url)).statusCode).toBe(200);
    expect((await world.sellerPage({ method: 'HEAD', token: tokenOf(links.lost) }, CLICK)).body).toBe('');
    expect(await world.customers.getProfile('c-1')).toEqual(before.profile);
    expect(await winBack(world)).toEqual(before.step);
    expect(world.events.events.length).toBe(before.events);
  });

  it('"I\'ll reach out" holds the win-back back 14 days, once however often it is posted', async () => {
    const { world, links } = await flaggedAndListed();
    const page = await post(world, links.reachOut);
    expect(page.statusCode).toBe(200);
    expect((await winBack(world))?.dueAt).toBe('2026-04-27T09:30:00.000Z');
    expect((await post(world, links.reachOut)).body).toContain('Already recorded');
    expect(actions(world)).toEqual([{ sellerId: 's-anna', customerId: 'c-1', action: 'reach-out', at: CLICK, flaggedAt: SCORER_RUN }]);

    await world.dispatch(AFTER_GRACE);
    expect(winBacksSent(world)).toHaveLength(0);
    await world.dispatch('2026-04-27T10:00:00.000Z');
    expect(winBacksSent(world)).toHaveLength(1);
  });

  it('"Send the win-back now" sends it before the grace period ends', async () => {
    const { world, links } = await flaggedAndListed();
    expect((await post(world, links.sendNow)).statusCode).toBe(200);
    await world.dispatch('2026-04-13T10:00:00.000Z');
    expect(winBacksSent(world)).toHaveLength(1);
  });

  it('"Not at risk" clears the flag, cancels the win-back and counts as a false alarm in the next digest', async () => {
    const { world, links } = await flaggedAndListed();
    expect((await post(world, links.notAtRisk)).statusCode).toBe(200);
    const profile = await world.customers.getProfile('c-1');
    expect(profile?.riskFlag).toBeUndefined();
    expect(profile?.pastFlags).toEqual([{ flaggedAt: SCORER_RUN, score: expect.any(Number), endedAt: CLICK, ended: 'not-at-risk' }]);
    const skipped = world.events.ofType(DetailType.OutreachSkipped).map((e) => e.detail as OutreachSkipped);
    expect(skipped).toEqual([expect.objectContaining({ flow: 'win-back', reason: 'seller-not-at-risk' })]);
    await world.dispatch(AFTER_GRACE);
    expect(winBacksSent(world)).toHaveLength(0);
    // A settled flag's links change nothing any more.
    expect((await post(world, links.lost)).body).toContain('Nothing to do');

    await world.place(world.order('c-2', FIRST));
    await world.score('2026-04-14T04:00:00.000Z');
    await world.digest('2026-04-14T06:00:00.000Z', { sellers: [world.sellers[0]!] });
    const next = (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.includes(world.sellers[0]!.email) && m.text?.includes('c-2'));
    expect(next[0]?.text).toContain('In the last 30 days you marked 1 not at risk.');
  });

  it('"Lost" ends the win-back with the reason kept on the flag', async () => {
    const { world, links } = await flaggedAndListed();
    expect((await post(world, links.lost, { reason: 'moved' })).statusCode).toBe(200);
    expect((await world.customers.getProfile('c-1'))?.riskFlag?.sellerAction).toEqual({ action: 'lost', at: CLICK, reason: 'moved' });
    expect(actions(world)).toEqual([expect.objectContaining({ action: 'lost', reason: 'moved' })]);
    await world.dispatch(AFTER_GRACE);
    expect(winBacksSent(world)).toHaveLength(0);
  });

  it('refuses forged, altered, expired and other sellers\' links, and an action the link does not name, changing nothing', async () => {
    const { world, links } = await flaggedAndListed();
    const link: SellerLink = { sellerId: 's-kenji', customerId: 'c-1', flaggedAt: SCORER_RUN, expiresAt: '2026-05-13T06:00:00.000Z' };
    const token = tokenOf(links.card);
    const altered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;

    expect((await world.sellerPage({ method: 'GET', token: 'forged' }, CLICK)).statusCode).toBe(400);
    expect((await world.sellerPage({ method: 'POST', token: altered, form: { action: 'lost' } }, CLICK)).statusCode).toBe(400);
    expect((await world.sellerPage({ method: 'GET', token: signSellerLink(link, UNSUBSCRIBE_SECRET) }, CLICK)).statusCode).toBe(403);
    expect((await world.sellerPage({ method: 'POST', token: signSellerLink(link, UNSUBSCRIBE_SECRET), form: { action: 'lost' } }, CLICK)).statusCode).toBe(403);
    expect((await post(world, links.notAtRisk, {}, '2026-05-14T00:00:00.000Z')).statusCode).toBe(410);
    expect((await post(world, links.reachOut, { action: 'lost' })).statusCode).toBe(400);
    expect((await post(world, links.card, { action: 'delete-everything' })).statusCode).toBe(400);
    expect((await world.sellerPage({ method: 'DELETE', token }, CLICK)).statusCode).toBe(405);

    expect(actions(world)).toEqual([]);
    expect((await world.customers.getProfile('c-1'))?.riskFlag?.sellerAction).toBeUndefined();
  });
});

describe('a win-back from the seller', () => {
  let proxy: SesProxy;
  beforeAll(async () => {
    proxy = await startSesProxy(inject('sesEndpoint'));
  });
  afterAll(() => proxy.close());

  it('is signed with the seller\'s name and replies reach the seller', async () => {
    const { world, email } = await flaggedAndListed({ winBack: { from: 'seller' }, ses: localSes(proxy.endpoint) });
    await world.dispatch(AFTER_GRACE);
    expect(winBacksSent(world)).toHaveLength(1);
    const raw = proxy.forwarded.map((m) => m.toString('utf8')).find((m) => m.includes(email) && !m.includes('Your customers on'));
    const mail = await simpleParser(Buffer.from(raw!));
    expect(mail.replyTo?.value.map((a) => a.address)).toEqual([world.sellers[0]!.email]);
    expect(mail.text).toContain('Anna Berg,');
  });
});
