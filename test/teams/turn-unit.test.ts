// The turn logic on botbuilder's TestAdapter, for what needs no HTTP, token or connector: reading the
// typed text out of a Teams message, and what the bot leaves alone. Identities come from a local-dev turn
// (the TestAdapter's user has no Entra id), so a linked console user is used.
import { type Activity, type CloudAdapter, TestAdapter } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsTurn } from "../../adapters/teams/bot.ts";
import { DEFAULT_RETRY } from "../../adapters/teams/retry.ts";
import { type Harness, openHarness } from "../conversation/harness.ts";

let h: Harness;
let adapter: TestAdapter;
const logs: string[] = [];

beforeAll(async () => {
  h = await openHarness();
  // anna of the demo directory, as the TestAdapter's user in the local-development tenant.
  const anna = await h.store.findStaffByHandle("anna");
  await h.store.linkIdentity(anna?.id ?? "", "teams", "local-dev", "user1");
  const logic = teamsTurn({
    deps: h.deps,
    // Sending privately (channels) needs the real adapter; these turns are personal.
    adapter: {} as CloudAdapter,
    botAppId: "",
    localDev: true,
    retry: DEFAULT_RETRY,
    log: (l) => logs.push(l),
    afterTurn: () => undefined,
  });
  adapter = new TestAdapter(logic, { locale: "sv-SE" });
});
afterAll(() => h.close());

const texts = (activities: Partial<Activity>[]) => activities.map((a) => a.text ?? "").join("\n");

describe("the typed text", () => {
  it("drops the bot's mention and the &nbsp; Teams puts after it", async () => {
    adapter.activeQueue.length = 0;
    await adapter.processActivity({
      type: "message",
      text: "<at>SIP-assistenten</at>&nbsp;hjälp",
      entities: [
        {
          type: "mention",
          mentioned: { id: "bot", name: "SIP-assistenten" },
          text: "<at>SIP-assistenten</at>",
        },
      ],
    });
    expect(texts(adapter.activeQueue)).toContain("**SIP-assistenten – kommandon**");
  });

  it("answers nothing to a message without text (an attachment only) or to typing", async () => {
    adapter.activeQueue.length = 0;
    await adapter.processActivity({
      type: "message",
      attachments: [{ contentType: "image/png", contentUrl: "x" }],
    });
    await adapter.processActivity({ type: "typing" });
    await adapter.processActivity({ type: "messageReaction", reactionsAdded: [{ type: "like" }] });
    expect(adapter.activeQueue).toEqual([]);
  });

  it("gives no invoke response to invokes it does not handle (botbuilder then answers 501)", async () => {
    adapter.activeQueue.length = 0;
    await adapter.processActivity({ type: "invoke", name: "composeExtension/query", value: {} });
    expect(adapter.activeQueue.filter((a) => a.type === "invokeResponse")).toEqual([]);
  });
});
