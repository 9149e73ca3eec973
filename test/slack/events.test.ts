import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { limitProblems, type SlackBlock } from "../../adapters/slack/block-limits.ts";
import { en } from "../../src/conversation/texts-en.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import { BOT_ID, BOT_USER, TEAM } from "./fake-slack.ts";
import {
  buttons,
  countRows,
  dmEvent,
  eventBody,
  knownUser,
  lastModal,
  mentionEvent,
  nextEventId,
  openSlackHarness,
  press,
  send,
  sendEvent,
  type SlackHarness,
  shownTo,
  slash,
  submit,
} from "./slack-harness.ts";

// Events API traffic: direct messages, mentions in channels, App Home; redeliveries, and the bot's own posts.

let h: SlackHarness;
const ANNA = "U0ANNA001";
const BO = "U0BO00001";
beforeAll(async () => {
  h = await openSlackHarness();
  await knownUser(h, ANNA, "annas", "Hemtjänst Norr (demo)");
  await knownUser(h, BO, "bos", "Psykiatrisk öppenvård (demo)");
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("acknowledgement first", () => {
  it("answers Slack at once, even when the turn itself is slow", async () => {
    // users.info hangs until the client's 1.5 s timeout: the turn is slow, the acknowledgement is not.
    const SLOW = "U0SLOWUSR";
    await knownUser(h, SLOW, "slows", "Hemtjänst Norr (demo)");
    h.fake.clear();
    h.fake.fail("users.info", { hang: true, times: 1 });
    const started = Date.now();
    const r = await slash(h, SLOW, "hjälp", undefined, { noSettle: true });
    const acked = Date.now() - started;
    expect(r.status).toBe(200);
    expect(r.body).toBe("");
    expect(acked).toBeLessThan(1000);
    expect(h.fake.of("respond")).toEqual([]);
    await h.settle();
    expect(h.fake.of("respond").length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });
});

describe("redelivered events act once", () => {
  it("ignores the same event_id sent again with X-Slack-Retry-Num", async () => {
    const before = await countRows(h, "person");
    const id = nextEventId();
    h.fake.clear();
    const first = await sendEvent(h, dmEvent(ANNA, "sip ny"), id);
    expect(first.status).toBe(200);
    for (const n of ["1", "2"]) {
      const again = await sendEvent(h, dmEvent(ANNA, "sip ny"), id, {
        headers: { "x-slack-retry-num": n, "x-slack-retry-reason": "http_timeout" },
      });
      expect(again.status).toBe(200);
    }
    expect(await countRows(h, "person")).toBe(before + 1);
    expect(h.fake.of("chat.postMessage")).toHaveLength(1);
  });

  it("ignores it without the retry header too, and five minutes later, signed anew", async () => {
    const before = await countRows(h, "person");
    const id = nextEventId();
    h.fake.clear();
    await sendEvent(h, dmEvent(BO, "sip ny"), id);
    await sendEvent(h, dmEvent(BO, "sip ny"), id);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5 * 60 * 1000 + 1000);
    const late = await sendEvent(h, dmEvent(BO, "sip ny"), id, { headers: { "x-slack-retry-num": "3" } });
    expect(late.status).toBe(200);
    expect(await countRows(h, "person")).toBe(before + 1);
    expect(h.fake.of("chat.postMessage")).toHaveLength(1);
  });

  it("acts on a different event with the same text (it is not the text that is deduplicated)", async () => {
    const before = await countRows(h, "person");
    await sendEvent(h, dmEvent(ANNA, "sip ny"));
    await sendEvent(h, dmEvent(ANNA, "sip ny"));
    expect(await countRows(h, "person")).toBe(before + 2);
  });
});

describe("the bot's own messages", () => {
  it("ignores its own posts, other bots' posts, edits and joins", async () => {
    h.fake.clear();
    const own = { ...dmEvent(BOT_USER, "sip ny"), bot_id: BOT_ID };
    const botMessage = { ...dmEvent(ANNA, "sip ny"), subtype: "bot_message", bot_id: "B0OTHER01" };
    const edit = { ...dmEvent(ANNA, "sip ny"), subtype: "message_changed" };
    const ownUser = dmEvent(BOT_USER, "sip ny");
    for (const e of [own, botMessage, edit, ownUser]) expect((await sendEvent(h, e)).status).toBe(200);
    expect(h.fake.calls.map((c) => c.method)).toEqual([]);
  });
});

describe("channels get only ephemeral answers", () => {
  it("answers a mention ephemerally, to the asker only, in the thread it came from", async () => {
    const id = nextGeneratedId();
    h.fake.clear();
    await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
    const ref = refIn(shownTo(h, ANNA));
    h.fake.clear();
    await sendEvent(h, { ...mentionEvent(ANNA, `vem ansvarar för ${ref}?`), thread_ts: "1700000000.000001" });
    const eph = h.fake.of("chat.postEphemeral");
    expect(eph.length).toBeGreaterThanOrEqual(1);
    for (const e of eph)
      expect(e.params).toMatchObject({ channel: "C0SAMVERK", user: ANNA, thread_ts: "1700000000.000001" });
    expect(JSON.stringify(eph.map((e) => e.params.blocks))).toContain(sv.whoTitle(ref));
    expect(h.fake.of("chat.postMessage")).toEqual([]);
  });

  it("warns in a channel when a message contains a personnummer, and keeps nothing", async () => {
    const before = await countRows(h, "person");
    h.fake.clear();
    await sendEvent(h, mentionEvent(BO, `sip ny ${nextGeneratedId()}`));
    expect(shownTo(h, BO)).toContain(sv.personnummerInGroup.slice(0, 40));
    expect(h.fake.of("chat.postMessage")).toEqual([]);
    expect(await countRows(h, "person")).toBe(before);
  });

  it("falls back to a DM when the channel refuses the ephemeral message", async () => {
    h.fake.clear();
    h.fake.fail("chat.postEphemeral", { error: "channel_not_found", times: 1 });
    await sendEvent(h, mentionEvent(ANNA, "sip hjälp", "C0PRIVATE"));
    expect(h.fake.of("chat.postMessage")[0]?.params.channel).toBe(`D${ANNA.slice(1)}`);
  });
});

describe("language", () => {
  it("answers in English when the user's Slack locale is English, Swedish otherwise", async () => {
    const CE = "U0CECIL01";
    await knownUser(h, CE, "cecs", "Hemtjänst Norr (demo)");
    h.fake.locales.set(CE, "en-GB");
    h.fake.clear();
    await sendEvent(h, dmEvent(CE, "sip help"));
    expect(shownTo(h, CE)).toContain(en.helpTitle);
    const DE = "U0DAVID01";
    await knownUser(h, DE, "davs", "Hemtjänst Norr (demo)");
    h.fake.locales.set(DE, "de-DE");
    await sendEvent(h, dmEvent(DE, "sip help"));
    expect(shownTo(h, DE)).toContain(sv.helpTitle);
    // users.info was asked once per user, not once per message.
    await sendEvent(h, dmEvent(CE, "sip help"));
    expect(h.fake.of("users.info").filter((c) => c.params.user === CE)).toHaveLength(1);
  });
});

describe("first contact in a DM, where no modal can open by itself", () => {
  it("offers a button that opens the registration modal", async () => {
    const NEW = "U0NEWBIE1";
    h.fake.clear();
    await sendEvent(h, dmEvent(NEW, "hej"));
    expect(shownTo(h, NEW)).toContain(sv.unknownUser);
    expect(h.fake.of("views.open")).toEqual([]);
    const open = buttons(h).find((b) => b.action_id.startsWith("slack.form.open~"));
    expect(open).toBeDefined();
    await press(h, NEW, open ?? { action_id: "", value: "" }, { channel: `D${NEW.slice(1)}` });
    const modal = lastModal(h);
    expect(JSON.stringify(modal)).toContain(sv.registerUnit);
    await submit(h, NEW, modal, {
      displayName: "Ny Person",
      handle: "nyperson",
      unit: "Biståndsenheten (demo)",
    });
    expect(shownTo(h, NEW)).toContain(sv.registeredPending("Ny Person", "Biståndsenheten (demo)"));
  });
});

describe("App Home", () => {
  it("publishes the user's commitments with done buttons, within the view's limits", async () => {
    const id = nextGeneratedId();
    await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
    await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
    h.fake.clear();
    await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
    const ref = refIn(shownTo(h, BO));
    await sendEvent(h, dmEvent(ANNA, `sip insats ${ref} hemtjänst`));
    await sendEvent(h, dmEvent(BO, `sip insats ${ref} psykiatrisk mottagning`));
    await sendEvent(h, dmEvent(BO, `sip starta ${ref}`));
    await sendEvent(h, dmEvent(BO, `sip samtycke ${ref} region kommun`));
    for (let i = 0; i < 3; i++)
      await sendEvent(h, dmEvent(ANNA, `sip åtagande ${ref} @annas Uppgift ${i} senast 2027-01-15`));
    h.fake.clear();
    await sendEvent(h, {
      type: "app_home_opened",
      user: ANNA,
      channel: `D${ANNA.slice(1)}`,
      tab: "home",
      event_ts: "1",
    });
    const published = h.fake.of("views.publish");
    expect(published).toHaveLength(1);
    const view = published[0]?.params.view as { type: string; blocks: SlackBlock[] };
    expect(published[0]?.params.user_id).toBe(ANNA);
    expect(view.type).toBe("home");
    expect(JSON.stringify(view.blocks)).toContain("Uppgift 2");
    expect(JSON.stringify(view.blocks).match(/commitment\.done~/g)).toHaveLength(3);
    expect(limitProblems(view.blocks, 100)).toEqual([]);
    // The messages tab opening is not the home tab: nothing to publish.
    h.fake.clear();
    await sendEvent(h, {
      type: "app_home_opened",
      user: ANNA,
      channel: "D1",
      tab: "messages",
      event_ts: "1",
    });
    expect(h.fake.of("views.publish")).toEqual([]);
  });

  it("a done button pressed in App Home answers in the user's DM", async () => {
    h.fake.clear();
    await sendEvent(h, { type: "app_home_opened", user: ANNA, channel: "D1", tab: "home", event_ts: "1" });
    const view = h.fake.of("views.publish")[0]?.params.view as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const done = view.blocks
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id.startsWith("commitment.done~"));
    expect(done).toBeDefined();
    h.fake.clear();
    await press(h, ANNA, done ?? { action_id: "", value: "" }, { inHome: true });
    expect(h.fake.of("chat.postMessage")[0]?.params.channel).toBe(`D${ANNA.slice(1)}`);
    expect(shownTo(h, ANNA)).toContain(sv.commitmentDone(Number(done?.value)));
    // The Home tab is published again without the commitment just marked done.
    const again = h.fake.of("views.publish");
    expect(again).toHaveLength(1);
    expect(JSON.stringify(again[0]?.params.view).match(/commitment\.done~/g)).toHaveLength(2);
  });

  it("shows an unknown user the way in, and a user waiting for approval nothing about persons", async () => {
    h.fake.clear();
    await sendEvent(h, {
      type: "app_home_opened",
      user: "U0STRANGE",
      channel: "D1",
      tab: "home",
      event_ts: "1",
    });
    const view = JSON.stringify(h.fake.of("views.publish")[0]?.params.view);
    expect(view).toContain(sv.unknownUser.slice(0, 20));
    expect(view).toContain("slack.form.open~");

    const store = h.runtime.deps.store;
    const unit = await store.findUnitByName("Hemtjänst Norr (demo)");
    const waiting = await store.createStaff({
      handle: "waits",
      displayName: "Waiting (test)",
      principal: "MUNICIPALITY",
      role: "STAFF",
      unitId: unit?.id ?? null,
      locale: "sv",
      approved: false,
    });
    await store.linkIdentity(waiting.id, "slack", TEAM, "U0WAITING");
    h.fake.clear();
    await sendEvent(h, {
      type: "app_home_opened",
      user: "U0WAITING",
      channel: "D1",
      tab: "home",
      event_ts: "1",
    });
    const pending = JSON.stringify(h.fake.of("views.publish")[0]?.params.view);
    expect(pending).toContain(sv.awaitingApproval.slice(0, 30));
    expect(pending).not.toMatch(/K-[0-9A-Z]{4}/);
  });
});

describe("a body that is signed but whose event is odd", () => {
  it("ignores an event_callback without an event id", async () => {
    h.fake.clear();
    const body = JSON.parse(eventBody(dmEvent(ANNA, "sip ny"))) as Record<string, unknown>;
    delete body.event_id;
    expect((await send(h, JSON.stringify(body), "application/json")).status).toBe(200);
    expect(h.fake.calls).toEqual([]);
  });
});
