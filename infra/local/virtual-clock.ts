import { CronExpressionParser } from 'cron-parser';
import type { Trigger } from '../wiring';
import type { LocalPipeline } from './pipeline';

type ScheduleTrigger = Extract<Trigger, { kind: 'schedule' }>;

/** One schedule's upcoming fire times. */
class Timer {
  peek: string | undefined;
  private times;

  constructor(
    readonly functionId: string,
    readonly trigger: ScheduleTrigger,
    start: string,
    readonly drainsDue?: string,
  ) {
    this.times = this.from(start);
    this.peek = this.next();
  }

  /** Moves on to the next fire time. */
  advance(): void {
    this.peek = this.next();
  }

  /** Skips ahead to the first fire time at or after `time`. */
  skipTo(time: string): void {
    this.times = this.from(new Date(Date.parse(time) - 1).toISOString());
    this.peek = this.next();
  }

  private from(start: string) {
    return CronExpressionParser.parse(this.trigger.schedule.cron, { currentDate: start, tz: this.trigger.schedule.timeZone });
  }

  private next(): string | undefined {
    return this.times.next().toISOString() ?? undefined;
  }
}

/**
 * The replay's clock: time jumps from event to event, and every schedule of the wiring table fires at
 * each of its cron times on the way, after everything before that time has been handled. A job that
 * only works through a due-index partition is not woken while nothing there is due.
 */
export class VirtualClock {
  private readonly timers: Timer[];
  fired = 0;
  idleSkipped = 0;

  constructor(
    private readonly pipeline: LocalPipeline,
    start: string,
  ) {
    this.timers = pipeline.functions.flatMap((fn) =>
      fn.triggers.flatMap((trigger) => (trigger.kind === 'schedule' && trigger.schedule.enabled ? [new Timer(fn.id, trigger, start, fn.drainsDue)] : [])),
    );
  }

  /** Fires, in time order, every schedule due at or before `time`. */
  async advanceTo(time: string): Promise<void> {
    for (;;) {
      const timer = this.timers.filter((t) => t.peek !== undefined && t.peek <= time).sort((a, b) => a.peek!.localeCompare(b.peek!))[0];
      if (!timer) return;
      const at = timer.peek!;
      await this.pipeline.drain();
      if (timer.drainsDue) {
        const nextDue = await this.pipeline.earliestDue(timer.drainsDue);
        if (nextDue === undefined || nextDue > at) {
          this.idleSkipped++;
          timer.skipTo(nextDue === undefined || nextDue > time ? time : nextDue);
          if (timer.peek !== undefined && timer.peek <= at) timer.advance();
          continue;
        }
      }
      timer.advance();
      await this.pipeline.fire(timer.functionId, timer.trigger, at);
      this.fired++;
    }
  }
}
