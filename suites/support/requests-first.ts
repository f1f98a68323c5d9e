/**
 * The suites' worker does the HTTP client's work (reading answers, starting the next requests) and the checks'.
 * Against a target that answers fast the worker's CPU is what the run waits on, and checks run while requests wait
 * for a slot hold those requests back: the target then waits on the suite (bench: a request phase a third longer).
 * Checks call this first, and between the items of a long loop: it resolves once no request is waiting for a slot,
 * after the answers that have come in were read. Against a slow target the last requests are still in flight
 * while the checks run, so the run as a whole takes no longer.
 */
import { httpClient } from './session.ts';

export async function requestsFirst(): Promise<void> {
  await httpClient().noneWaiting();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
