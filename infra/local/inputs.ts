import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { describeIssues } from '../../shared/config/load';
import type { BusEvent } from '../../shared/runtime/handler';
import { toBusEvent } from './event-capture';

/** One replayable input: the event and the line it came from. */
export interface InputEvent {
  line?: number;
  event: BusEvent;
  /** When the bus hands it over, if later than its time: a late or repeated delivery. */
  deliverAt?: string;
}

/** An input line that is not an EventBridge-shaped event. */
export interface InputProblem {
  line: number;
  reason: string;
}

const InputLine = z.object({
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  detail: z.record(z.string(), z.unknown()),
});

/** Reads a JSONL file of `{"source","detail-type","time","detail"}` events; bad lines become problems, never lost. */
export function readJsonl(file: string): { inputs: InputEvent[]; problems: InputProblem[] } {
  const inputs: InputEvent[] = [];
  const problems: InputProblem[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      if (!text.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        problems.push({ line, reason: `(line): not JSON: ${(error as Error).message}` });
        return;
      }
      const parsed = InputLine.safeParse(json);
      if (!parsed.success) {
        problems.push({ line, reason: describeIssues(parsed.error).join('; ') });
        return;
      }
      const { source, time, detail } = parsed.data;
      inputs.push({ line, event: toBusEvent(source, parsed.data['detail-type'], new Date(time).toISOString(), detail) });
    });
  return { inputs: sortByTime(inputs), problems };
}

/** Stable sort by event time: equal times keep file order. */
export const sortByTime = (inputs: InputEvent[]): InputEvent[] =>
  inputs
    .map((input, i) => ({ input, i, t: Date.parse(input.event.time) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ input }) => input);
