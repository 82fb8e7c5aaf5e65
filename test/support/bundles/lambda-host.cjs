// Runs one function's bundle as Lambda's Node.js runtime does: the working directory is the unpacked
// bundle, `_HANDLER` names file and export, the module loads once (the cold start) and every
// invocation arrives as a message. Plain JavaScript: nothing here may come from the source tree.
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const [file, exportName] = splitHandler(process.env._HANDLER);
let handler;

process.on('message', async ({ id, event }) => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const took = () => ({ ms: performance.now() - started, cpuMs: cpuMs(process.cpuUsage(cpu)) });
  try {
    handler ??= loadHandler();
    const result = await handler(event, context(id));
    process.send({ id, result, ...took() });
  } catch (error) {
    process.send({ id, error: { name: error?.name, message: String(error?.message ?? error), stack: error?.stack }, ...took() });
  }
});

function loadHandler() {
  const loaded = require(path.resolve(process.cwd(), file))[exportName];
  if (typeof loaded !== 'function') throw new Error(`${process.env._HANDLER} is not a function`);
  return loaded;
}

/** CPU time in ms: unlike wall time, it does not grow with what else the machine runs. */
function cpuMs({ user, system }) {
  return (user + system) / 1000;
}

function splitHandler(handlerName) {
  const dot = handlerName.lastIndexOf('.');
  return [handlerName.slice(0, dot), handlerName.slice(dot + 1)];
}

function context(id) {
  return { awsRequestId: `local-${id}`, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => 60_000 };
}
