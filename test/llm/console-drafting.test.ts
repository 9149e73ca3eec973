// The terminal chat (ConsoleSession): `sip agenda` and `sip frågor` with no model configured, the same
// through the fake OpenAI-compatible server with a model configured, and the fallback when it fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/console-session.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { createModelPort } from "../../src/llm/provider.ts";
import { type Harness, nextGeneratedId, openHarness, refIn } from "../conversation/harness.ts";
import { type FakeOpenAi, startFakeOpenAi } from "./fake-openai-server.ts";

let h: Harness;
let fake: FakeOpenAi;
let withModel: AppDeps;
beforeAll(async () => {
  h = await openHarness();
  fake = await startFakeOpenAi();
  const model = await createModelPort({
    provider: "compatible",
    model: "fake-model",
    timeoutMs: 800,
    promptsDir: new URL("../../prompts/", import.meta.url).pathname,
    openaiBaseUrl: fake.baseURL,
  });
  withModel = { ...h.deps, ...(model && { model }) };
});
afterAll(async () => {
  await fake.close();
  await h.close();
});

function session(deps: AppDeps) {
  const printed: string[] = [];
  const s = new ConsoleSession({ deps, user: "bo", tty: false, print: (l) => printed.push(l) });
  return {
    async type(line: string): Promise<string> {
      const mark = printed.length;
      await s.line(line);
      return printed.slice(mark).join("\n");
    },
  };
}

/** anna and bo meet on one reference with efforts from both principals and a consented SIP. */
async function shared(c: ReturnType<typeof session>): Promise<string> {
  const id = nextGeneratedId();
  const ref = refIn(await c.type(`@anna: sip ny ${id}`));
  await c.type(`sip insats ${ref} hemtjänst`);
  await c.type(`@bo: sip ny ${id}`);
  await c.type(`sip insats ${ref} psykiatrisk mottagning`);
  await c.type(`sip starta ${ref}`);
  await c.type(`sip samtycke ${ref} region kommun`);
  await c.type(`sip åtagande ${ref} @anna Ringa Försäkringskassan senast fredag`);
  return ref;
}

describe("in the console", () => {
  it("drafts an agenda and questions with no model configured", async () => {
    const c = session(h.deps);
    const ref = await shared(c);
    const agenda = await c.type(`sip agenda ${ref}`);
    expect(agenda).toContain(`Utkast till dagordning – SIP-möte för ${ref}`);
    expect(agenda).toMatch(
      /1\. Personens egna frågor[\s\S]*2\. Inledning[\s\S]*7\. Åtaganden sedan tidigare[\s\S]*8\. Nästa uppföljning/,
    );
    expect(agenda).toContain("Ringa Försäkringskassan – Hemtjänst Norr (demo), senast 27 november 2026");
    expect(agenda).toContain("Utkastet bygger på mallar");
    const questions = await c.type(`sip frågor ${ref}`);
    for (const t of [
      "Frågor till personalen",
      "Frågor till chefer",
      "Frågor till personen",
      "Frågor till närstående",
    ])
      expect(questions).toContain(t);
    expect(fake.requests).toHaveLength(0);
  });

  it("drafts the same through the model when one is configured", async () => {
    const c = session(withModel);
    const ref = await shared(c);
    fake.script({
      kind: "json",
      value: {
        sections: [{ key: "personsQuestions", points: [`Fråga ${ref} vad som är viktigast just nu.`] }],
      },
    });
    const agenda = await c.type(`sip agenda ${ref}`);
    expect(agenda).toContain(`Fråga ${ref} vad som är viktigast just nu.`);
    expect(agenda).toContain("språkmodell");
    expect(agenda).toContain("8. Nästa uppföljning");
    fake.script({
      kind: "json",
      value: { questions: [{ role: "relatives", text: "Hur orkar du just nu?" }] },
    });
    const questions = await c.type(`sip frågor ${ref} närstående`);
    expect(questions).toContain("Hur orkar du just nu?");
  });

  it("falls back to the templates when the model fails", async () => {
    const c = session(withModel);
    const ref = await shared(c);
    fake.script({ kind: "rawBody", body: '{"choices": [{"message": {"content": "{\\"sec' });
    const agenda = await c.type(`sip agenda ${ref}`);
    expect(agenda).toContain("1. Personens egna frågor");
    expect(agenda).toContain("Språkmodellen svarade inte som den skulle");
  });
});
