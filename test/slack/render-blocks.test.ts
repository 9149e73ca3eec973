import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS, limitProblems, type SlackBlock } from "../../adapters/slack/block-limits.ts";
import { decodeActionId, renderReply, splitEscaped } from "../../adapters/slack/render-blocks.ts";
import { formToModal, readSubmission } from "../../adapters/slack/render-modal.ts";
import { escapeMrkdwn, normaliseIncoming } from "../../adapters/slack/slack-text.ts";
import { slackTexts } from "../../adapters/slack/slack-texts.ts";
import type { CommitmentRecord, UnitRecord } from "../../src/app/ports.ts";
import type { Reply } from "../../src/conversation/message.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import {
  consentFormReply,
  dismissFormReply,
  helpReply,
  mineReply,
  principalChoiceReply,
  registerFormReply,
  type ViewContext,
  whoReply,
} from "../../src/conversation/views.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";

// Block Kit rendering against Slack's documented limits, for every kind of reply the core builds, at sizes
// far beyond what a normal day produces. Nothing may be cut silently: long content is split, not dropped.

const ctx: ViewContext = { t: sv, locale: "sv", taxonomy: new EffortTaxonomy(), today: "2026-11-23" };
const st = slackTexts("sv");

function commitment(n: number, what = `Ringa Försäkringskassan om ärende ${n}`): CommitmentRecord {
  return {
    id: `c${n}`,
    number: n,
    sipId: "s1",
    personRef: "K-7F3Q",
    what,
    principal: "MUNICIPALITY",
    ownerStaffId: null,
    ownerStaffName: "Anna Andersson (demo)",
    ownerUnitId: null,
    ownerUnitName: null,
    ownerLabel: null,
    dueDate: n % 2 === 0 ? "2026-11-20" : null,
    status: "OPEN",
    createdById: "x",
  };
}

function units(n: number): UnitRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `u${i}`,
    name: `Enhet nummer ${i}`,
    principal: i % 2 === 0 ? "MUNICIPALITY" : "REGION",
  }));
}

/** Everything visible in the rendered messages, unescaped, for "nothing was lost" checks. */
function visible(blocks: SlackBlock[]): string {
  return blocks
    .flatMap((b) =>
      b.type === "section"
        ? [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)]
        : b.type === "context"
          ? b.elements.map((e) => e.text)
          : [],
    )
    .join("\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const replies: [string, Reply][] = [
  ["help", helpReply(ctx)],
  ["mine, empty", mineReply(ctx, [])],
  [
    "mine, 3",
    mineReply(
      ctx,
      [1, 2, 3].map((n) => commitment(n)),
    ),
  ],
  [
    "mine, 80 (161 blocks)",
    mineReply(
      ctx,
      Array.from({ length: 80 }, (_, i) => commitment(i + 1)),
    ),
  ],
  [
    "mine, very long texts",
    mineReply(ctx, [commitment(1, "x".repeat(5000)), commitment(2, "<&>".repeat(2000))]),
  ],
  ["principal choice (three buttons, one action id)", principalChoiceReply(ctx, "K-7F3Q", "hemtjanst")],
  ["dismiss form", dismissFormReply(ctx, "K-7F3Q")],
  ["consent form", consentFormReply(ctx, "K-7F3Q")],
  ["register form, 4 units", registerFormReply(ctx, units(4))],
  ["register form, 150 units", registerFormReply(ctx, units(150))],
  [
    "who, long",
    whoReply(ctx, {
      personRef: "K-7F3Q",
      sipState: "SCHEDULED",
      overallResponsibility: "MUNICIPALITY",
      followUpDate: "2027-02-15",
      sections: [
        {
          principal: "MUNICIPALITY",
          efforts: [],
          commitments: Array.from({ length: 60 }, (_, i) => commitment(i + 1)),
        },
        { principal: "REGION", efforts: [], commitments: [commitment(99)] },
      ],
      withheld: true,
      exclusions: ["missbruk".repeat(400)],
      missing: ["noFollowUpDate"],
    }),
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
    ) as Reply,
  ],
  [
    "assignment notification",
    renderNotification(
      {
        kind: "commitmentAssigned",
        personRef: "K-7F3Q",
        number: 12,
        what: "a".repeat(1000),
        dueDate: "2026-12-01",
        byName: "Bo",
      },
      "sv",
    ) as Reply,
  ],
  ["plain text only", { text: "y".repeat(9000), blocks: [] }],
];

describe("every reply of the core stays within Block Kit's limits", () => {
  it.each(replies)("%s", (_name, reply) => {
    const r = renderReply(reply);
    for (const m of r.messages) {
      expect(limitProblems(m.blocks)).toEqual([]);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    }
    // Slack wants action ids unique within a message; ours come back to their neutral id.
    const ids = r.messages.flatMap((m) =>
      m.blocks.flatMap((b) => (b.type === "actions" ? b.elements.map((e) => e.action_id) : [])),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(decodeActionId(id)).toMatch(/^[a-z]+\.[a-z.]+$/);
    if (r.form !== null) {
      const modal = formToModal(r.form, { channel: null, direct: true }, st);
      expect(limitProblems(modal.blocks, LIMITS.blocksPerView)).toEqual([]);
      expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
      expect(modal.submit.text.length).toBeLessThanOrEqual(LIMITS.viewButton);
      expect(modal.private_metadata.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
    }
  });

  it("splits a long list into several messages rather than dropping commitments", () => {
    const r = renderReply(replies[3]?.[1] as Reply);
    expect(r.messages.length).toBe(Math.ceil(161 / 50));
    const all = r.messages.map((m) => visible(m.blocks)).join("\n");
    for (let n = 1; n <= 80; n++) expect(all).toContain(`#${n} K-7F3Q`);
  });

  it("keeps every character of a long section, escaped, across sections", () => {
    const text = `${"Lång rad med <tecken> & mer. ".repeat(300)}slut`;
    const r = renderReply({ text, blocks: [{ type: "section", text }] });
    const sections = r.messages.flatMap((m) => m.blocks);
    expect(sections.length).toBeGreaterThan(2);
    expect(visible(sections).replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " "));
  });

  it("turns too-long fields into sections, and keeps them", () => {
    const r = renderReply({
      text: "t",
      blocks: [{ type: "fields", fields: [{ label: "Insatser", value: "z".repeat(4500) }] }],
    });
    const blocks = r.messages.flatMap((m) => m.blocks);
    expect(limitProblems(blocks)).toEqual([]);
    expect(visible(blocks).replace(/\n/g, "")).toContain("z".repeat(4500));
  });

  it("shortens only button labels, and leaves out a button whose value Slack would refuse", () => {
    const r = renderReply({
      text: "t",
      blocks: [
        {
          type: "buttons",
          buttons: [
            { label: "L".repeat(100), actionId: "sip.start", value: "K-7F3Q" },
            { label: "ok", actionId: "sip.start", value: "v".repeat(LIMITS.buttonValue + 1) },
          ],
        },
      ],
    });
    const actions = r.messages[0]?.blocks.find((b) => b.type === "actions");
    expect(actions?.type === "actions" ? actions.elements.map((e) => e.text.text.length) : []).toEqual([75]);
  });

  it("escapes what users wrote, so a commitment text cannot ping a channel or fake a link", () => {
    const r = renderReply(
      mineReply(ctx, [commitment(1, "<!channel> <@U123> <https://evil.example|klicka>")]),
    );
    const json = JSON.stringify(r.messages);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<@U123>");
    expect(json).toContain("&lt;!channel&gt;");
  });

  it("hands pictures and files to the uploader and says what the picture shows", () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("rest"),
    ]);
    const r = renderReply({
      text: "digest",
      blocks: [
        {
          type: "image",
          image: {
            title: "Trend vecka 47",
            altText: "Antal SIP per vecka, stigande",
            pngBase64: png.toString("base64"),
          },
        },
        {
          type: "image",
          image: {
            title: "Trasig",
            altText: "inte en PNG",
            pngBase64: Buffer.from("GIF89a").toString("base64"),
          },
        },
        {
          type: "file",
          file: {
            filename: "sip-mote.ics",
            mimeType: "text/calendar",
            content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
          },
        },
      ],
    });
    expect(r.uploads.map((u) => u.filename)).toEqual(["trend-vecka-47.png", "sip-mote.ics"]);
    expect(r.uploads[0]?.data.equals(png)).toBe(true);
    expect(visible(r.messages[0]?.blocks ?? [])).toContain("Antal SIP per vecka, stigande");
  });

  it("splitEscaped: every piece fits and nothing is lost, for any text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4000, unit: fc.constantFrom("a", " ", "\n", "&", "<", ">", "å", "😀") }),
        fc.integer({ min: 20, max: 500 }),
        (s, max) => {
          const pieces = splitEscaped(s, max);
          for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
          const joined = pieces.join("").replace(/[\n ]/g, "");
          expect(joined).toBe(escapeMrkdwn(s).replace(/[\n ]/g, ""));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the limit check itself", () => {
  it("catches each limit it claims to check", () => {
    const long = (n: number) => "x".repeat(n);
    const button = (id: string, text = "ok", value = "v") => ({
      type: "button" as const,
      text: { type: "plain_text" as const, text },
      action_id: id,
      value,
    });
    const cases: SlackBlock[][] = [
      Array.from({ length: 51 }, (): SlackBlock => ({ type: "divider" })),
      [{ type: "section", text: { type: "mrkdwn", text: long(3001) } }],
      [{ type: "section", fields: [{ type: "mrkdwn", text: long(2001) }] }],
      [{ type: "context", elements: [{ type: "mrkdwn", text: long(3001) }] }],
      [{ type: "actions", elements: [button("a", long(76))] }],
      [{ type: "actions", elements: [button(long(256))] }],
      [{ type: "actions", elements: [button("a", "ok", long(2001))] }],
      [{ type: "actions", elements: [button("a"), button("a")] }],
      [
        {
          type: "input",
          block_id: "b",
          label: { type: "plain_text", text: "l" },
          optional: false,
          element: {
            type: "static_select",
            options: Array.from({ length: 101 }, (_, i) => ({ text: { text: "o" }, value: `${i}` })),
          },
        },
      ],
    ];
    for (const blocks of cases) expect(limitProblems(blocks)).not.toEqual([]);
  });
});

describe("modals", () => {
  it("renders the consent form with a multi-select, a date picker and the whole title", () => {
    const r = renderReply(consentFormReply(ctx, "K-7F3Q"));
    const modal = formToModal(r.form ?? expect.fail("no form"), { channel: "C0SAMVERK", direct: false }, st);
    const types = modal.blocks
      .filter((b) => b.type === "input")
      .map((b) => (b.type === "input" ? b.element.type : ""));
    expect(types).toEqual([
      "multi_static_select",
      "datepicker",
      "plain_text_input",
      "plain_text_input",
      "static_select",
    ]);
  });

  it("falls back to typing when a list has more choices than a Slack menu holds", () => {
    const r = renderReply(registerFormReply(ctx, units(150)));
    const modal = formToModal(r.form ?? expect.fail("no form"), { channel: null, direct: true }, st);
    const unit = modal.blocks.find((b) => b.type === "input" && b.block_id === "unit");
    expect(unit?.type === "input" ? unit.element.type : "").toBe("plain_text_input");
  });

  it("reads a submission back as the neutral action, and refuses malformed ones", () => {
    const r = renderReply(consentFormReply(ctx, "K-7F3Q"));
    const modal = formToModal(r.form ?? expect.fail("no form"), { channel: "C0SAMVERK", direct: false }, st);
    const values = {
      principals: {
        principals: {
          type: "multi_static_select",
          selected_options: [{ value: "MUNICIPALITY" }, { value: "REGION" }],
        },
      },
      validTo: { validTo: { type: "datepicker", selected_date: "2027-06-30" } },
      parties: { parties: { type: "plain_text_input", value: null } },
      givenBy: { givenBy: { type: "static_select", selected_option: { value: "GUARDIAN" } } },
    };
    const read = readSubmission({ ...modal, state: { values } });
    expect(read).toEqual({
      action: {
        actionId: "consent.submit",
        value: "K-7F3Q",
        form: { principals: "MUNICIPALITY,REGION", validTo: "2027-06-30", parties: "", givenBy: "GUARDIAN" },
      },
      origin: { channel: "C0SAMVERK", direct: false },
    });
    expect(readSubmission({ ...modal, callback_id: "other", state: { values } })).toBeNull();
    expect(readSubmission({ ...modal, private_metadata: "{broken", state: { values } })).toBeNull();
    expect(
      readSubmission({
        ...modal,
        private_metadata: JSON.stringify({ a: "x", v: "y", c: "evil", d: true }),
        state: { values },
      }),
    ).toBeNull();
    expect(
      readSubmission({ ...modal, state: { values: { parties: { parties: { value: "p".repeat(3001) } } } } }),
    ).toBeNull();
    expect(readSubmission(null)).toBeNull();
    expect(readSubmission("view")).toBeNull();
  });
});

describe("incoming text", () => {
  const handles = async (id: string) => (id === "U0BO00001" ? "bo" : null);

  it("turns mentions into handles, strips the bot's own mention, and unescapes", async () => {
    expect(
      await normaliseIncoming("<@UBOT0001> sip åtagande K-7F3Q <@U0BO00001|bo> Ring &amp; boka", handles, {
        stripLeadingMention: "UBOT0001",
      }),
    ).toBe("sip åtagande K-7F3Q @bo Ring & boka");
    expect(await normaliseIncoming("fråga <@U0UNKNOWN> om &lt;K-7F3Q&gt;", handles)).toBe(
      "fråga @U0UNKNOWN om <K-7F3Q>",
    );
    expect(
      await normaliseIncoming("<!channel> se <#C0SAMVERK|samverkan> och <https://a.example|länken>", handles),
    ).toBe("se #samverkan och länken");
  });

  it("does not choke on hostile input", async () => {
    const nasty = `${"<".repeat(10_000)}@U1>${"<@".repeat(5000)}`;
    const out = await normaliseIncoming(nasty, handles);
    expect(out.length).toBeLessThanOrEqual(nasty.length);
    expect(await normaliseIncoming("<@not-a-user-id> hej", handles)).toBe("hej");
  });
});
