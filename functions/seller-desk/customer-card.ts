import { LostReason, SellerAction } from '../../shared/contracts/events';
import type { CustomerProfile, RiskFlag } from '../../shared/domain/purchase';
import { ACTION_LABELS } from '../../shared/domain/seller-action';
import type { SellerLink } from '../../shared/domain/seller-link';
import { formatMoney } from '../../shared/email/format';
import { escapeHtml as e, htmlPage, type PageResponse } from '../../shared/runtime/html-page';
import type { CardFacts } from './card-facts';

export type { CardFacts } from './card-facts';

/** The card's look: readable on a phone, nothing wider than the screen, no script or external resource. */
export const CARD_STYLE = [
  'body{color:#222;overflow-wrap:anywhere} h2{font-size:1.1rem;margin:1.6rem 0 .4rem} .muted{color:#666;font-size:.9rem}',
  'ul{padding-left:1.1rem} li{margin:.2rem 0} svg{width:100%;height:auto;display:block}',
  '.actions form{display:inline-block;margin:.3rem .4rem .3rem 0} button{font-size:1rem;padding:.55rem 1rem;border-radius:6px;border:1px solid #2f6f5e;background:#fff;color:#2f6f5e}',
  'button.primary{background:#2f6f5e;color:#fff} select{font-size:1rem;padding:.4rem} .settled{background:#f4f1ec;padding:.6rem .8rem;border-radius:6px}',
  'table{border-collapse:collapse;width:100%} td{padding:.25rem .4rem .25rem 0;vertical-align:top;overflow-wrap:anywhere}',
].join('\n');

/** The customer card: how to reach them, the actions, their rhythm and risk, orders, emails, consent and earlier flags. */
export function cardPage(profile: CustomerProfile, facts: CardFacts, actions: string): PageResponse {
  const name = profile.name ?? `Customer ${profile.customerId}`;
  const sections = [
    reach(profile),
    profile.riskFlag ? `<p>${flagLine(profile.riskFlag)}</p>` : '',
    `<div class="actions">${actions}</div>`,
    section('Buying rhythm', rhythm(facts.gapsDays)),
    section('Risk over time', riskChart(facts.risk)),
    section('Orders', list(facts.orders.map((o) => `${date(o.placedAt)} · ${e(formatMoney({ amount: o.total, currency: o.currency }))}${o.cancelled ? ' · cancelled' : ''}<br><span class="muted">${e(o.items.map((i) => `${i.quantity} × ${i.name}`).join(', '))}</span>`))),
    section('Emails', list(facts.emails.map((m) => `${date(m.at)} · ${e(m.kind)} · ${e(m.status)}${m.reason ? ` (${e(m.reason)})` : ''}`))),
    section('Consent', `<p>Marketing email: ${profile.marketingConsent ? 'yes' : 'no'}. Suppressed: ${facts.suppressed ? 'yes (unsubscribed, bounced or complained)' : 'no'}.</p>`),
    section('Earlier flags', list((profile.pastFlags ?? []).map((f) => `${date(f.flaggedAt)} · score ${f.score.toFixed(2)} · ${f.ended === 'came-back' ? 'came back' : 'marked not at risk'} ${date(f.endedAt)}`))),
  ];
  return htmlPage(200, name, sections.join(''), CARD_STYLE);
}

/** The four actions as forms that POST back to the same link; the link's own action alone when it names one. */
export function actionForms(link: SellerLink, flag: RiskFlag): string {
  const done = flag.sellerAction ? `<p class="muted">You recorded: ${e(ACTION_LABELS[flag.sellerAction.action])} on ${date(flag.sellerAction.at)}.</p>` : '';
  const offered = link.action ? [link.action] : SellerAction.options;
  return done + offered.map((action) => form(action, link.action === action)).join('');
}

function form(action: SellerAction, primary: boolean): string {
  const reasons = action === 'lost' ? `<select name="reason" aria-label="Why lost">${LostReason.options.map((r) => `<option value="${r}">${r}</option>`).join('')}</select> ` : '';
  // No action attribute: the form posts to the page's own address, token included.
  return `<form method="post"><input type="hidden" name="action" value="${action}">${reasons}<button type="submit"${primary ? ' class="primary"' : ''}>${e(ACTION_LABELS[action])}</button></form>`;
}

function reach(profile: CustomerProfile): string {
  const lines = [
    profile.company ? `<strong>${e(profile.company)}</strong>` : '',
    `<a href="mailto:${e(encodeURI(profile.email))}">${e(profile.email)}</a>`,
    profile.phone ? `<a href="tel:${e(profile.phone.replace(/[^+0-9]/g, ''))}">${e(profile.phone)}</a>` : '',
  ].filter(Boolean);
  return `<p>${lines.join('<br>')}</p>`;
}

const flagLine = (flag: RiskFlag): string => `At risk since ${date(flag.flaggedAt)} (score ${flag.score.toFixed(2)}); last order ${date(flag.lastOrderAt)}.`;

const section = (title: string, body: string): string => `<h2>${e(title)}</h2>${body}`;

const list = (rows: string[]): string => (rows.length ? `<ul>${rows.map((r) => `<li>${r}</li>`).join('')}</ul>` : '<p class="muted">None.</p>');

const date = (at: string): string => e(at.slice(0, 10));

/** Days between orders as bars, oldest first; the dashed line is their mean. */
function rhythm(gaps: readonly number[]): string {
  if (gaps.length === 0) return '<p class="muted">One purchase day so far: no rhythm yet.</p>';
  const max = Math.max(...gaps, 1);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const width = 300;
  const bar = width / gaps.length;
  const y = (days: number) => 100 - (days / max) * 90;
  const bars = gaps.map((g, i) => `<rect x="${(i * bar + bar * 0.15).toFixed(1)}" y="${y(g).toFixed(1)}" width="${(bar * 0.7).toFixed(1)}" height="${(100 - y(g)).toFixed(1)}" fill="#2f6f5e"><title>${g} days</title></rect>`);
  const meanLine = `<line x1="0" x2="${width}" y1="${y(mean).toFixed(1)}" y2="${y(mean).toFixed(1)}" stroke="#b0413e" stroke-dasharray="4 3"/>`;
  return `<svg viewBox="0 0 ${width} 100" role="img" aria-label="Days between orders">${bars.join('')}${meanLine}</svg><p class="muted">${gaps.length} gaps between purchase days; usually about ${Math.round(mean)} days (dashed), longest ${max}.</p>`;
}

/** The score over time as a line against the flagging threshold (dashed). */
function riskChart({ points, threshold }: CardFacts['risk']): string {
  if (points.length < 2) return '<p class="muted">Not enough history to draw.</p>';
  const width = 300;
  const x = (i: number) => ((i / (points.length - 1)) * width).toFixed(1);
  const y = (score: number) => (100 - score * 95).toFixed(1);
  const line = points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ');
  const last = points[points.length - 1]!;
  return (
    `<svg viewBox="0 0 ${width} 100" role="img" aria-label="At-risk score over time"><line x1="0" x2="${width}" y1="${y(threshold)}" y2="${y(threshold)}" stroke="#b0413e" stroke-dasharray="4 3"/>` +
    `<polyline points="${line}" fill="none" stroke="#2f6f5e" stroke-width="2"/></svg>` +
    `<p class="muted">From ${date(points[0]!.at)} to ${date(last.at)}; now ${last.score.toFixed(2)}, flagged at ${threshold.toFixed(2)} (dashed).</p>`
  );
}
