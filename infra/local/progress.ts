import { Presets, SingleBar } from 'cli-progress';

/** How a replay shows its progress: a redrawn bar on a terminal, a plain line every 10% elsewhere (logs, pipes, CI). */
export type ProgressStyle = 'bar' | 'lines';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A progress display for `total` events in the given style. */
export function startProgress(style: ProgressStyle, total: number): Progress {
  if (style === 'lines') return progressLines(total);
  const bar = new SingleBar({ format: ' replay {bar} {percentage}% | {value}/{total} events | {eta_formatted} left' }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** Writes `replay 30% | 2009/6696 events | 112 events/s | ETA 42 s` each time another tenth is done. */
export function progressLines(total: number, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), clock = () => performance.now()): Progress {
  const started = clock();
  let tenths = 0;
  return {
    update(done) {
      const reached = total === 0 ? 10 : Math.min(10, Math.floor((10 * done) / total));
      if (reached <= tenths) return;
      tenths = reached;
      const seconds = Math.max((clock() - started) / 1000, 1e-3);
      const rate = done / seconds;
      const eta = rate > 0 ? (total - done) / rate : 0;
      write(`replay ${tenths * 10}% | ${done}/${total} events | ${rate.toFixed(0)} events/s | ETA ${formatSeconds(eta)}`);
    },
    stop: () => undefined,
  };
}

const formatSeconds = (s: number): string => (s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`);
