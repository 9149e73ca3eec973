import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleMessage } from "../../src/conversation/router.ts";
import { en } from "../../src/conversation/texts-en.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { as, type Harness, openHarness, textOf } from "./harness.ts";

// SIP_LOCALE: the language for people the bot does not know yet; the client's own language still wins.
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

describe("the configured default language", () => {
  it("greets unknown users and warns in it, unless their client says otherwise", async () => {
    const english = { ...h.deps, settings: { ...h.deps.settings, defaultLocale: "en" as const } };
    expect(textOf(await handleMessage(english, as("stranger"), "hej"))).toBe(en.unknownUser);
    expect(textOf(await handleMessage(english, as("stranger", { locale: "sv-SE" }), "hej"))).toBe(
      sv.unknownUser,
    );
    expect(textOf(await handleMessage(english, as("anna"), "ring 19121212-1212"))).toBe(
      en.personnummerWarning,
    );
    expect(textOf(await handleMessage(h.deps, as("stranger"), "hej"))).toBe(sv.unknownUser);
  });
});
