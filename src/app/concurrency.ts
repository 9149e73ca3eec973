import { fail, type Fail } from "../domain/result.ts";

// When a use case has already written part of its change and then finds that someone else changed the
// same SIP meanwhile, returning a value would commit the part already written. Throwing this rolls the
// whole transaction back; `retryable` turns it into the expected failure outside the transaction.
export class ChangedMeanwhile extends Error {
  constructor() {
    super("the SIP changed meanwhile");
    this.name = "ChangedMeanwhile";
  }
}

export function mustChange<T>(value: T | null): T {
  if (value === null) throw new ChangedMeanwhile();
  return value;
}

export async function retryable<T>(work: () => Promise<T>): Promise<T | Fail<"changedMeanwhile">> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ChangedMeanwhile) return fail("changedMeanwhile");
    throw e;
  }
}
