import { describe, expect, it } from 'vitest';
import { handler as flowSwitch } from '../../functions/flow-switch/handler';
import { makeDynamoFlowSwitches } from '../../shared/adapters/dynamodb/flow-switches';
import { DetailType, OPS_SOURCE } from '../../shared/contracts/events';
import { getRuntime, resetRuntime } from '../../shared/runtime/dependencies';
import { InvalidEventError } from '../../shared/runtime/handler';
import { useFreshLocalEnvironment } from '../support/local';

const PLACED = '2026-03-02T10:00:00Z';

const switched = (flow: string, paused: boolean, at: string, time = at) => ({ source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, time, detail: { flow, paused, at } });

describe('switching a flow off and on (the flow-switch function, DynamoDB Local)', () => {
  it('records the latest switch per flow: a redelivered or older switch arriving late changes nothing', async () => {
    const table = await useFreshLocalEnvironment();
    const switches = makeDynamoFlowSwitches(table);

    expect(await flowSwitch(switched('second-sale', true, '2026-03-02T10:00:00Z'))).toBe('recorded');
    expect(await flowSwitch(switched('second-sale', true, '2026-03-02T10:00:00Z'))).toBe('superseded');
    // An older resume delivered after the pause: the pause stands.
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T09:00:00+00:00', '2026-03-02T10:05:00Z'))).toBe('superseded');
    expect(await flowSwitch(switched('digest', true, '2026-03-02T09:30:00Z'))).toBe('recorded');
    expect(await switches.current()).toEqual({ 'second-sale': { paused: true, at: '2026-03-02T10:00:00.000Z' }, digest: { paused: true, at: '2026-03-02T09:30:00.000Z' } });

    // The same instant written with an offset compares as that instant.
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T11:00:00+01:00', '2026-03-02T10:10:00Z'))).toBe('superseded');
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T11:00:01+01:00', '2026-03-02T10:10:00Z'))).toBe('recorded');
    expect((await switches.current())['second-sale']).toEqual({ paused: false, at: '2026-03-02T10:00:01.000Z' });
  });

  it('rejects a switch naming an unknown flow, or without its fields, naming each', async () => {
    await useFreshLocalEnvironment();
    await expect(flowSwitch(switched('newsletter', true, PLACED))).rejects.toThrow(/detail\.flow: /);
    await expect(flowSwitch({ ...switched('upserve', true, PLACED), detail: { flow: 'upserve' } })).rejects.toThrow(/detail\.paused: .*detail\.at: /);
    await expect(flowSwitch(switched('upserve', true, '2026-03-09T10:00:00Z', PLACED))).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('reaches the functions within a minute of event time: their runtime reads the switch at most once a minute', async () => {
    await useFreshLocalEnvironment();
    resetRuntime();
    const runtime = getRuntime();
    expect([...(await runtime.pausedFlows('2026-03-02T10:00:00Z'))]).toEqual([]);
    await flowSwitch(switched('upserve', true, '2026-03-02T10:00:10Z'));
    expect([...(await runtime.pausedFlows('2026-03-02T10:00:59Z'))]).toEqual([]);
    expect([...(await runtime.pausedFlows('2026-03-02T10:01:00Z'))]).toEqual(['upserve']);
    await flowSwitch(switched('upserve', false, '2026-03-02T10:01:30Z'));
    expect([...(await runtime.pausedFlows('2026-03-02T10:02:00Z'))]).toEqual([]);
    resetRuntime();
  });
});
