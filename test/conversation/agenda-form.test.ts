// The agenda's edit form on every surface: a multiline text field prefilled with the draft. Slack puts the
// draft in initial_value, Teams in the Input.Text value (a valid 1.5 card), and the console prints it and
// lets "=" keep it or a typed line replace it ("\n" for line breaks). What is submitted is what is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/console-session.ts";
import { LIMITS, limitProblems } from "../../adapters/slack/block-limits.ts";
import { formToModal, readSubmission } from "../../adapters/slack/render-modal.ts";
import { slackTexts } from "../../adapters/slack/slack-texts.ts";
import { toCard } from "../../adapters/teams/render-card.ts";
import type { AgendaDraft } from "../../src/app/drafting.ts";
import { agendaEditReply } from "../../src/conversation/drafting-views.ts";
import { texts } from "../../src/conversation/locale.ts";
import type { Form } from "../../src/conversation/message.ts";
import type { ViewContext } from "../../src/conversation/views.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { expectValidCard } from "../teams/card-check.ts";
import { type Harness, nextGeneratedId, openHarness, refIn } from "./harness.ts";

const ctx: ViewContext = {
  t: texts("sv"),
  locale: "sv",
  taxonomy: new EffortTaxonomy(),
  today: "2026-11-23",
};
const draft: AgendaDraft = {
  ref: "K-7F3Q",
  sections: [{ key: "introduction", title: "Inledning", points: ["Samtycke", "Syfte"] }],
  source: { kind: "template", fallback: null },
};
const TEXT = "1. Inledning\n- Samtycke\n- Syfte";

function formOf(): Form {
  const block = agendaEditReply(ctx, "K-7F3Q", draft, TEXT).blocks.find((b) => b.type === "form");
  if (block?.type !== "form") throw new Error("no form");
  return block.form;
}

describe("the agenda edit form in the Slack and Teams renderers", () => {
  it("Slack: a multiline input prefilled with the draft, read back as the neutral action", () => {
    const modal = formToModal(formOf(), { channel: null, direct: true }, slackTexts("sv"));
    expect(limitProblems(modal.blocks, LIMITS.blocksPerView)).toEqual([]);
    const input = modal.blocks.find((b) => b.type === "input" && b.block_id === "agenda");
    expect(input?.type === "input" && input.element).toMatchObject({
      type: "plain_text_input",
      multiline: true,
      initial_value: TEXT,
      max_length: 3000,
    });
    const values = { agenda: { agenda: { type: "plain_text_input", value: `${TEXT}\n- Tolk` } } };
    expect(readSubmission({ ...modal, state: { values } })?.action).toEqual({
      actionId: "agenda.save",
      value: formOf().value,
      form: { agenda: `${TEXT}\n- Tolk` },
    });
  });

  it("Teams: an Input.Text with the draft as its value, in a valid 1.5 card", () => {
    const card = toCard(agendaEditReply(ctx, "K-7F3Q", draft, TEXT));
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Input.Text","id":"in_agenda"');
    expect(json).toContain('"isMultiline":true');
    expect(json).toContain(`"value":${JSON.stringify(TEXT)}`);
  });
});

describe("the agenda edit form in the console", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h.close());

  it("shows the draft, keeps it with '=', and stores a typed replacement with its line breaks", async () => {
    const printed: string[] = [];
    const s = new ConsoleSession({ deps: h.deps, user: "anna", tty: false, print: (l) => printed.push(l) });
    const type = async (line: string) => {
      const mark = printed.length;
      await s.line(line);
      return printed.slice(mark).join("\n");
    };
    const id = nextGeneratedId();
    const ref = refIn(await type(`sip ny ${id}`));
    await type(`@bo: sip ny ${id}`);
    await type(`@anna: sip insats ${ref} hemtjänst`);
    await type(`@bo: sip insats ${ref} psyk`);
    await type(`sip starta ${ref}`);
    await type(`sip samtycke ${ref} region kommun`);
    const agenda = await type(`sip agenda ${ref}`);
    const n = agenda
      .split("\n")
      .find((l) => l.includes("Granska och godkänn"))
      ?.match(/\[(\d+)\]/)?.[1];
    expect(n).toBeDefined();
    const opened = await type(`!${n ?? ""}`);
    expect(opened).toContain("    | 1. Personens egna frågor");
    expect(opened).toContain("= behåller texten ovan");
    expect(await type("=")).toContain(`Du har godkänt dagordningen för ${ref} (version 1)`);
    await type(`!${n ?? ""}`);
    expect(await type("1. Inledning\\n- Tolk behövs\\n2. Uppföljning")).toContain("(version 2)");
    const rows = await h.db.runner.query<{ version: number; text: string; edited: boolean }>(
      `SELECT a.version, a.text, a.edited FROM sip_agenda a JOIN sip s ON s.id = a.sip_id
        JOIN person p ON p.id = s.person_id WHERE p.ref = $1 ORDER BY a.version`,
      [ref],
    );
    expect(rows.map((r) => [r.version, r.edited])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(rows[0]?.text).toMatch(/^1\. Personens egna frågor/);
    expect(rows[1]?.text).toBe("1. Inledning\n- Tolk behövs\n2. Uppföljning");
  });
});
