import { CronExpressionParser } from 'cron-parser';
import type { Trigger } from '../wiring';
import type { LocalPipeline } from './pipeline';

type ScheduleTrigger = Extract<Trigger, { kind: 'schedule' }>;

interface Timer {
  functionId: string;
  trigger: ScheduleTrigger;
  next(): string | undefined;
  peek: string | undefined;
}

/**
 * The replay's clock: time jumps from event to event, and every schedule of the wiring table fires at
 * each of its cron times on the way, after everything before that time has been handled.
 */
export class VirtualClock {
  private readonly timers: Timer[];
  fired = 0;

  constructor(
    private readonly pipeline: LocalPipeline,
    start: string,
  ) {
    this.timers = pipeline.functions.flatMap((fn) =>
      fn.triggers.flatMap((trigger) =>
        trigger.kind === 'schedule' && trigger.schedule.enabled ? [timer(fn.id, trigger, start)] : [],
      ),
    );
  }

  /** Fires, in time order, every schedule due at or before `time`. */
  async advanceTo(time: string): Promise<void> {
    for (;;) {
      const due = this.timers.filter((t) => t.peek !== undefined && t.peek <= time).sort((a, b) => a.peek!.localeCompare(b.peek!))[0];
      if (!due) return;
      const at = due.peek!;
      due.peek = due.next();
      await this.pipeline.drain();
      await this.pipeline.fire(due.functionId, due.trigger, at);
      this.fired++;
    }
  }
}

function timer(functionId: string, trigger: ScheduleTrigger, start: string): Timer {
  const times = CronExpressionParser.parse(trigger.schedule.cron, { currentDate: start, tz: trigger.schedule.timeZone });
  const next = () => times.next().toISOString() ?? undefined;
  return { functionId, trigger, next, peek: next() };
}
