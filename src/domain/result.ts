// Expected failures are values, not exceptions: a use case returns `fail("noConsent")` and the conversation
// layer turns the reason into a kind message. Only the unexpected throws.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Fail<R extends string = string> = {
  readonly ok: false;
  readonly reason: R;
  readonly detail?: Readonly<Record<string, string | number>>;
};
export type Result<T, R extends string = string> = Ok<T> | Fail<R>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, detail?: Record<string, string | number>): Fail<R> {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}
