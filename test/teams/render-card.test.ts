// The neutral reply as an Adaptive Card: every kind of block, every form and button view the core has,
// each card parsed by the Adaptive Cards library against version 1.5 (Teams' limit).
import { describe, expect, it } from "vitest";
import { needsCard, toCard, toMarkdownText } from "../../adapters/teams/render-card.ts";
import { cardAction } from "../../adapters/teams/card-action.ts";
import type { Reply } from "../../src/conversation/message.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { texts } from "../../src/conversation/locale.ts";
import {
  consentFormReply,
  dismissFormReply,
  helpReply,
  principalChoiceReply,
  registerFormReply,
  type ViewContext,
} from "../../src/conversation/views.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { cardProblems, executeActions, expectValidCard, visibleText } from "./card-check.ts";

const ctx = (locale: "sv" | "en"): ViewContext => ({
  t: texts(locale),
  locale,
  taxonomy: new EffortTaxonomy(),
  today: "2026-11-23",
});

const ICS = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//SIP-assistenten//sv",
  "BEGIN:VEVENT",
  "UID:sip-K-7F3Q@example.org",
  "DTSTAMP:20261123T090000Z",
  "DTSTART:20261201T090000Z",
  "DTEND:20261201T100000Z",
  "SUMMARY:SIP-möte för K-7F3Q\\, uppföljning",
  "LOCATION:Teams-möte (länk i kalend",
  " ern)",
  "END:VEVENT",
  "END:VCALENDAR",
].join("\r\n");

// A 1 x 1 transparent PNG.
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

describe("every reply the core builds renders to a valid 1.5 card", () => {
  const views: [string, Reply][] = [
    ["help", helpReply(ctx("sv"))],
    ["consent form", consentFormReply(ctx("sv"), "K-7F3Q")],
    ["dismiss form", dismissFormReply(ctx("en"), "K-7F3Q")],
    ["principal choice", principalChoiceReply(ctx("sv"), "K-7F3Q", "hemtjanst")],
    [
      "registration form",
      registerFormReply(ctx("sv"), [{ id: "u1", name: "Hemtjänst Norr", principal: "MUNICIPALITY" }]),
    ],
    [
      "suggestion notification",
      renderNotification(
        {
          kind: "sipSuggested",
          personRef: "K-7F3Q",
          reason: "BOTH_PRINCIPALS",
          strict: false,
          otherPrincipal: "REGION",
        },
        "sv",
      ) ?? { text: "", blocks: [] },
    ],
    [
      "every block kind",
      {
        text: "Allt",
        blocks: [
          { type: "section", text: "*Rubrik* och `kod`" },
          { type: "fields", fields: [{ label: "Huvudansvar", value: "kommunen" }] },
          { type: "divider" },
          { type: "context", text: "Liten text" },
          { type: "image", image: { title: "Trend", altText: "Tre SIP i veckan", pngBase64: PNG_1X1 } },
          { type: "file", file: { filename: "sip.ics", mimeType: "text/calendar", content: ICS } },
          { type: "file", file: { filename: "plan.txt", mimeType: "text/plain", content: "x" } },
          {
            type: "buttons",
            buttons: [{ label: "Ta bort", actionId: "x.remove", value: "1", style: "danger" }],
          },
        ],
      },
    ],
  ];

  it.each(views)("%s", (_name, reply) => {
    const card = toCard(reply, "sv-SE");
    expectValidCard(card);
    expect(card.version).toBe("1.5");
    expect(card.fallbackText).toBe(reply.text);
  });

  it("the checker itself rejects a newer version, unknown elements and 1.6 properties", () => {
    expect(cardProblems({ type: "AdaptiveCard", version: "1.6", body: [] })).not.toEqual([]);
    expect(cardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Carousel" }] })).not.toEqual(
      [],
    );
    expect(
      cardProblems({
        type: "AdaptiveCard",
        version: "1.2",
        body: [{ type: "TextBlock", text: "x", style: "heading" }],
      }),
    ).toEqual([]);
  });
});

describe("buttons and forms", () => {
  it("turns buttons into Action.Execute with the action id as verb and the value in data", () => {
    const reply = renderNotification(
      {
        kind: "sipSuggested",
        personRef: "K-7F3Q",
        reason: "BOTH_PRINCIPALS",
        strict: false,
        otherPrincipal: "REGION",
      },
      "sv",
    );
    const actions = executeActions(toCard(reply ?? { text: "", blocks: [] }));
    expect(actions.map((a) => [a.title, a.verb, a.data])).toEqual([
      ["Starta SIP", "sip.start", { sipValue: "K-7F3Q" }],
      ["Avböj", "sip.dismiss", { sipValue: "K-7F3Q" }],
    ]);
  });

  it("turns a form into labelled inputs and one submit, and the submission back into the neutral action", () => {
    const card = toCard(consentFormReply(ctx("sv"), "K-7F3Q"));
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Input.ChoiceSet","id":"in_principals"');
    expect(json).toContain('"isMultiSelect":true');
    expect(json).toContain('"type":"Input.Date","id":"in_validTo"');
    const [submit] = executeActions(card);
    expect(submit).toMatchObject({ verb: "consent.submit", data: { sipValue: "K-7F3Q" } });
    // What Teams sends back: the action's data with the inputs' values merged in.
    const action = cardAction({
      action: {
        type: "Action.Execute",
        verb: submit?.verb,
        data: {
          ...submit?.data,
          in_principals: "REGION,MUNICIPALITY",
          in_givenBy: "PERSON",
          in_validTo: "2027-06-30",
        },
      },
      trigger: "manual",
    });
    expect(action).toEqual({
      actionId: "consent.submit",
      value: "K-7F3Q",
      form: { principals: "REGION,MUNICIPALITY", givenBy: "PERSON", validTo: "2027-06-30" },
    });
  });

  it("refuses card data it did not render: wrong types, oversized values, too many fields", () => {
    const act = (data: unknown, verb: unknown = "sip.start") =>
      cardAction({ action: { type: "Action.Execute", verb, data } });
    expect(act({ sipValue: 1 })).toBeNull();
    expect(act({ sipValue: "x".repeat(501) })).toBeNull();
    expect(act({ sipValue: "K-7F3Q", in_x: ["a"] })).toBeNull();
    expect(act({ sipValue: "K-7F3Q", in_x: "y".repeat(2001) })).toBeNull();
    expect(act(Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`in_f${i}`, "v"])))).toBeNull();
    expect(act({ sipValue: "K-7F3Q" }, "")).toBeNull();
    expect(act({ sipValue: "K-7F3Q" }, "v".repeat(101))).toBeNull();
    expect(cardAction({ action: { type: "Action.Submit", verb: "sip.start", data: {} } })).toBeNull();
    expect(cardAction(null)).toBeNull();
    expect(cardAction("sip.start")).toBeNull();
    // A field id that tries to overwrite the value is only ever a form field.
    expect(act({ sipValue: "K-7F3Q", in_sipValue: "K-AAAA" })).toEqual({
      actionId: "sip.start",
      value: "K-7F3Q",
      form: { sipValue: "K-AAAA" },
    });
  });
});

describe("files and pictures", () => {
  it("says plainly that the .ics cannot be attached, and never shows the file's raw text", () => {
    for (const [locale, note] of [
      ["sv", "Kalenderfilen sip.ics kan inte bifogas i Teams."],
      ["en", "The calendar file sip.ics cannot be attached in Teams."],
    ] as const) {
      const card = toCard(
        {
          text: "Kallelse",
          blocks: [
            { type: "section", text: "SIP-möte för K-7F3Q tisdag 1 december 2026 10:00–11:00" },
            { type: "file", file: { filename: "sip.ics", mimeType: "text/calendar", content: ICS } },
          ],
        },
        locale,
      );
      const json = JSON.stringify(card);
      expect(json).toContain(note);
      expect(json).toContain("1 december 2026 10:00");
      expect(json).not.toContain("BEGIN:VEVENT");
      expect(json).not.toContain("DTSTART");
    }
  });

  it("shows a picture inline when small, and its alt text instead when too big for a Teams message", () => {
    const small = toCard({
      text: "t",
      blocks: [{ type: "image", image: { title: "T", altText: "Alt", pngBase64: PNG_1X1 } }],
    });
    expect(JSON.stringify(small)).toContain(`"url":"data:image/png;base64,${PNG_1X1}"`);
    const big = toCard({
      text: "t",
      blocks: [
        { type: "image", image: { title: "T", altText: "Tre SIP startade", pngBase64: "A".repeat(30_000) } },
      ],
    });
    expect(JSON.stringify(big)).not.toContain("data:image");
    expect(visibleText(big)).toContain("Tre SIP startade");
    expectValidCard(big);
  });
});

describe("plain replies", () => {
  it("sends sections as markdown text with *bold* mapped, and needs no card", () => {
    const reply = helpReply(ctx("sv"));
    expect(needsCard(reply)).toBe(false);
    const text = toMarkdownText(reply);
    expect(text.startsWith("**SIP-assistenten – kommandon**\n\n• ")).toBe(true);
    expect(needsCard(consentFormReply(ctx("sv"), "K-7F3Q"))).toBe(true);
  });
});
