import * as z from 'zod';
import { describeIssues } from '../config/load';
import { implausibleDates } from '../contracts/events';
import { getRuntime, type Runtime } from './dependencies';
import { LoyaltyError } from '../errors';
import { count, Counter } from './metrics';
import type { PageResponse } from './html-page';

/** An EventBridge event as Lambda receives it (also what the local runner builds). */
export interface BusEvent {
  version?: string;
  id?: string;
  source: string;
  'detail-type': string;
  time: string;
  account?: string;
  region?: string;
  resources?: string[];
  detail: unknown;
}

/**
 * The envelope EventBridge delivers. Fields only EventBridge sets are optional, since the local
 * runner and the tests build events too.
 */
const BusEnvelope = z.object({
  version: z.string().optional(),
  id: z.string().optional(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.iso.datetime(),
  account: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown(),
});

/** Thrown for an event that fails validation: the message names every bad field. Lambda keeps it in the DLQ. */
export class InvalidEventError extends LoyaltyError {
  override name = 'InvalidEventError';

  constructor(
    readonly detailType: string,
    readonly problems: string[],
  ) {
    super(`invalid "${detailType}" event: ${problems.join('; ')}`);
  }
}

/**
 * What a function's dependency builder takes: the runtime and the time of what triggered it. Each
 * handler exports its builder, so the tests and the local runner drive the wiring that ships.
 */
export interface RunContext {
  runtime: Runtime;
  /** The event's (or the schedule's) time: the "now" of every rule. */
  now: string;
}

/** What a route receives besides the validated detail. */
export interface EventContext extends RunContext {
  event: BusEvent;
}

/** One detail-type a handler accepts: its schema, the use case to call and the detail's dates that must lie near the event's time. */
export interface Route<S extends z.ZodType = z.ZodType, R = unknown> {
  schema: S;
  run: (detail: z.output<S>, context: EventContext) => Promise<R>;
  dated?: readonly string[];
}

/** Declares a route with the detail type inferred from the schema; `dated` fields must lie in the plausible window around the event's time. */
export const route = <S extends z.ZodType, R>(schema: S, run: Route<S, R>['run'], dated?: readonly string[]): Route<S, R> => ({ schema, run, dated });

/** Validates one event and returns its route and parsed detail, or throws {@link InvalidEventError}. */
export function parseEvent(routes: Record<string, Route>, raw: unknown): { route: Route; detail: unknown; event: BusEvent } {
  const envelope = BusEnvelope.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError('(envelope)', describeIssues(envelope.error));
  const event = envelope.data as BusEvent;
  // Own routes only: a detail-type such as "constructor" must not find something on the prototype.
  const matched = Object.hasOwn(routes, event['detail-type']) ? routes[event['detail-type']] : undefined;
  if (!matched) throw new InvalidEventError(event['detail-type'], ['detail-type: not handled by this function']);
  const detail = matched.schema.safeParse(event.detail);
  if (!detail.success) {
    throw new InvalidEventError(event['detail-type'], describeIssues(detail.error).map((p) => `detail.${p}`));
  }
  const implausible = implausibleDates(detail.data as Record<string, unknown>, matched.dated ?? [], event.time);
  if (implausible.length) throw new InvalidEventError(event['detail-type'], implausible.map((p) => `detail.${p}`));
  return { route: matched, detail: detail.data, event };
}

/** Validates one event and runs its route on `runtime` with the event's time as "now": a handler's work, which tests drive too. */
export async function handleEvent(routes: Record<string, Route>, raw: unknown, runtime: Runtime): Promise<{ event: BusEvent; result: unknown }> {
  const { route: matched, detail, event } = parseEvent(routes, raw);
  return { event, result: await matched.run(detail, { runtime, now: event.time, event }) };
}

/**
 * A Lambda handler for EventBridge events: validates the envelope and the detail with zod, then calls
 * the route for its detail-type with the cold-start runtime and the event's time as "now".
 */
export function onEvents(routes: Record<string, Route>) {
  return async (raw: unknown): Promise<unknown> => {
    const runtime = getRuntime();
    count(Counter.EventsIn);
    try {
      const { event, result } = await handleEvent(routes, raw, runtime);
      runtime.logger.info('handled', { detailType: event['detail-type'], result: summarise(result) });
      return result;
    } catch (error) {
      if (error instanceof InvalidEventError) count(Counter.EventsRejected);
      runtime.logger.error('event failed', { error: error as Error });
      throw error;
    }
  };
}

/** Logs carry ids and outcomes only, never personal data. */
const summarise = (result: unknown): unknown => (typeof result === 'object' ? undefined : result);

/** What EventBridge Scheduler passes to a scheduled function (and the local virtual clock alike). */
export const ScheduledInvocation = z.looseObject({
  scheduledTime: z.iso.datetime({ offset: true }),
  schedule: z.string().min(1),
});
export type ScheduledInvocation = z.infer<typeof ScheduledInvocation>;

/** A Lambda handler for a schedule: the scheduled time is "now" for everything it does. */
export function onSchedule<R>(run: (invocation: ScheduledInvocation, context: RunContext) => Promise<R>) {
  return async (raw: unknown): Promise<R> => {
    const runtime = getRuntime();
    const invocation = ScheduledInvocation.safeParse(raw);
    if (!invocation.success) throw new InvalidEventError('(schedule)', describeIssues(invocation.error));
    const now = new Date(invocation.data.scheduledTime).toISOString();
    try {
      const result = await run(invocation.data, { runtime, now });
      runtime.logger.info('schedule done', { schedule: invocation.data.schedule, now, result: result as object });
      return result;
    } catch (error) {
      runtime.logger.error('schedule failed', { schedule: invocation.data.schedule, now, error: error as Error });
      throw error;
    }
  };
}

/** The parts of a Lambda Function URL request (payload 2.0) our pages read. */
export interface UrlRequest {
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { timeEpoch: number; http: { method: string } };
}

/** What a page is asked: the method, the link's token (`t`) and a posted form's fields. */
export interface PageRequest {
  method: string;
  token: string | undefined;
  form: URLSearchParams;
}

/**
 * A Lambda handler behind a Function URL: the request's time is "now"; the answer's status is logged
 * with the method and a posted action, never the token (it stands for a person).
 */
export function onUrlRequest(answer: (request: PageRequest, context: RunContext) => Promise<PageResponse>) {
  return async (request: UrlRequest): Promise<PageResponse> => {
    const runtime = getRuntime();
    const now = new Date(request.requestContext.timeEpoch).toISOString();
    const { method } = request.requestContext.http;
    const body = request.isBase64Encoded ? Buffer.from(request.body ?? '', 'base64').toString('utf8') : (request.body ?? '');
    const form = new URLSearchParams(method === 'POST' ? body : '');
    const response = await answer({ method, token: request.queryStringParameters?.t, form }, { runtime, now });
    runtime.logger.info('page answered', { method, action: form.get('action') ?? undefined, status: response.statusCode });
    return response;
  };
}
