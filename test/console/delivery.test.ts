// Delivering the outbox to console users: each delivery of a person reference is audited, and a stored
// payload this version cannot render is marked failed instead of silently "sent".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/console-session.ts";
import { type Harness, openHarness } from "../conversation/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

describe("console delivery", () => {
  it("audits what it delivers and fails what it cannot render", async () => {
    const bo = await h.store.findStaffByHandle("bo");
    if (bo === null) throw new Error("demo directory without bo");
    const good = { kind: "consentWithdrawn", personRef: "K-7F3Q" };
    await h.store.enqueueOutbox("test:good", bo.id, good);
    await h.store.enqueueOutbox("test:bad", bo.id, { kind: "consentWithdrawn", personRef: { toString: "" } });
    const printed: string[] = [];
    const session = new ConsoleSession({
      deps: h.deps,
      user: "anna",
      tty: false,
      print: (l) => printed.push(l),
    });
    await session.deliverOutbox();

    expect(printed.join("\n")).toContain("→ @bo:");
    const rows = await h.db.runner.query<{ dedupe_key: string; status: string }>(
      "SELECT dedupe_key, status FROM outbox_message WHERE dedupe_key LIKE 'test:%' ORDER BY dedupe_key",
    );
    expect(rows).toEqual([
      { dedupe_key: "test:bad", status: "FAILED" },
      { dedupe_key: "test:good", status: "SENT" },
    ]);
    const audit = await h.db.runner.query<{ action: string; actor_id: string; basis: string }>(
      "SELECT action, actor_id, basis FROM audit_event WHERE person_ref = 'K-7F3Q'",
    );
    expect(audit).toEqual([{ action: "NOTIFICATION_DELIVERED", actor_id: bo.id, basis: "SYSTEM" }]);
  });
});
