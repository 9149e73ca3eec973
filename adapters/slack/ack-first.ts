import { setImmediate as nextLoopTurn } from "node:timers/promises";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Store } from "../../src/app/ports.ts";

// Acknowledgements before turns. Bolt acknowledges (ends the response) and the listener goes straight
// on into the turn in the same tick; the store (embedded PGlite runs in this very thread) answers with
// promises that resolve at once, so the turn held the event loop until its first network wait: the
// response, though ended, was only flushed after that, and requests arriving meanwhile were not read.
// Each store call here first gives the event loop a turn, so the acknowledgement leaves at once and a new
// request waits for at most one query. Measured inside the bot (bench/slack-ack.bench.ts, 10 req/s):
// request to response flushed p50 3.4 → 0.8 ms, p95 17 → 10 ms.

// The pauses form one queue: a loop turn releases a single waiting store call, so however many turns are
// under way, new requests are read between any two queries (setImmediate alone releases them all at once).
let released: Promise<void> = Promise.resolve();
function nextInLine(): Promise<void> {
  released = released.then(() => nextLoopTurn());
  return released;
}

/** The store with a pause before every call (not inside transactions: they hold the connection). */
export function yieldingStore(store: Store): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        await nextInLine();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The dependencies of Slack turns, with a store that gives way to waiting requests. */
export function ackFirstDeps(deps: AppDeps): AppDeps {
  return { ...deps, store: yieldingStore(deps.store) };
}
