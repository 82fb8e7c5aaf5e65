import { describe, expect, it } from 'vitest';
import { FlowUsageError, flowSwitchedEvent, parseFlowArgs, takesEffectAt } from '../../scripts/lib/flow-switch';
import { loadConfigFile } from '../../shared/config/config-file';
import { FlowSwitched } from '../../shared/contracts/events';

const config = loadConfigFile();

describe('npm run flow: the command line', () => {
  it('reads pause|resume, the flow and --stage', () => {
    expect(parseFlowArgs(['pause', 'second-sale'])).toEqual({ action: 'pause', flow: 'second-sale', stage: undefined, config: undefined });
    expect(parseFlowArgs(['resume', 'digest', '--stage', 'dev'])).toMatchObject({ action: 'resume', flow: 'digest', stage: 'dev' });
  });

  it.each([
    [['stop', 'upserve'], /^action: expected pause or resume, got "stop"$/],
    [[], /^action: expected pause or resume, got nothing$/],
    [['pause'], /^flow: expected one of second-sale, upserve, win-back, digest, got nothing$/],
    [['pause', 'winback'], /^flow: expected one of second-sale, upserve, win-back, digest, got "winback"$/],
    [['pause', 'upserve', 'now'], /^"now": unexpected argument after the flow$/],
    [['pause', 'upserve', '--stag', 'dev'], /'--stag'/],
    [['pause', 'upserve', '--stage'], /--stage/],
  ])('refuses %j, naming the argument', (args, message) => {
    expect(() => parseFlowArgs(args)).toThrow(FlowUsageError);
    expect(() => parseFlowArgs(args)).toThrow(message);
  });

  it('builds the Flow Switched event of the contract', () => {
    const event = flowSwitchedEvent({ action: 'pause', flow: 'win-back' }, '2026-03-02T10:00:00.000Z');
    expect(event).toEqual({ detailType: 'Flow Switched', detail: { flow: 'win-back', paused: true, at: '2026-03-02T10:00:00.000Z' }, time: '2026-03-02T10:00:00.000Z' });
    expect(FlowSwitched.parse(event.detail)).toEqual(event.detail);
  });

  it('says when it takes effect: the first run of the sending schedule a minute after the switch', () => {
    // The shipped dispatcher runs every 15 minutes (UTC).
    expect(takesEffectAt('upserve', config, '2026-03-02T10:07:00.000Z')).toEqual({ at: '2026-03-02T10:15:00.000Z', by: 'outreach-dispatcher ("*/15 * * * *" UTC)' });
    expect(takesEffectAt('second-sale', config, '2026-03-02T10:14:30.000Z')?.at).toBe('2026-03-02T10:30:00.000Z');
    // Digests go at 08:00 in each seller's zone: after Tokyo's (23:00 UTC) the next are Lagos's and Berlin's, both UTC+1 in March.
    expect(takesEffectAt('digest', config, '2026-03-02T23:30:00.000Z')).toEqual({ at: '2026-03-03T07:00:00.000Z', by: 'seller-digest-africa-lagos ("0 8 * * *" Africa/Lagos)' });
    expect(takesEffectAt('digest', { ...config, risk: { ...config.risk, enabled: false } }, '2026-03-02T23:30:00.000Z')).toBeUndefined();
  });
});
