// Prompt files: the shipped set loads and renders; broken files stop start-up with a message that names
// the file and the problem.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DRAFT_TASKS } from "../../src/app/drafting-port.ts";
import { loadPrompts, PromptError, parsePromptFile } from "../../src/llm/prompts.ts";

const SHIPPED = new URL("../../prompts/", import.meta.url).pathname;
const valid = `---
task: agenda
locale: sv
temperature: 0.2
max_tokens: 500
variables: case_json
---
## system
Regler. JSON ser ut så här: {{"sections": []}}
## user
{case_json}
`;

describe("the shipped prompts", () => {
  it("has every task in Swedish and English, and each renders its variables", async () => {
    const set = await loadPrompts(SHIPPED);
    for (const task of DRAFT_TASKS) {
      for (const locale of ["sv", "en"] as const) {
        const p = set.get(task, locale);
        const values = Object.fromEntries(p.variables.map((v) => [v, `<${v}-value>`]));
        const { system, user } = await p.render(values);
        for (const v of p.variables)
          expect(system + user, `${task}.${locale} ${v}`).toContain(`<${v}-value>`);
        expect(system + user).not.toMatch(/\{[a-z_]+\}/);
      }
    }
  });

  it("keeps prompts/README.md naming every file", async () => {
    const readme = await readFile(join(SHIPPED, "README.md"), "utf8");
    for (const f of (await readdir(SHIPPED)).filter((n) => n.endsWith(".md") && n !== "README.md"))
      expect(readme, f).toContain(f);
  });
});

describe("broken prompt files", () => {
  it("renders literal braces and refuses a missing value", async () => {
    const p = parsePromptFile("agenda.sv.md", valid);
    expect((await p.render({ case_json: "X" })).system).toContain('{"sections": []}');
    await expect(p.render({})).rejects.toThrow(PromptError);
  });

  it.each([
    ["no front matter", "## system\nx\n## user\ny"],
    ["an unknown setting", valid.replace("temperature: 0.2", "temperature: 0.2\ntop_k: 3")],
    ["a temperature out of range", valid.replace("0.2", "7")],
    ["an unknown task", valid.replace("task: agenda", "task: poem")],
    ["an undeclared variable", valid.replace("{case_json}", "{case_json} {secret}")],
    ["an unused variable", valid.replace("variables: case_json", "variables: case_json, extra")],
    ["no user part", valid.replace("## user", "## notes")],
    ["a lone brace", valid.replace("Regler.", "Regler {")],
  ])("refuses %s", (_name, text) => {
    expect(() => parsePromptFile("agenda.sv.md", text)).toThrow(PromptError);
  });

  let dir = "";
  afterEach(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("names the missing files of a folder", async () => {
    dir = await mkdtemp(join(tmpdir(), "sip-prompts-"));
    await writeFile(join(dir, "agenda.sv.md"), valid);
    await expect(loadPrompts(dir)).rejects.toThrow(/missing prompt files.*agenda\.en\.md/);
  });

  it("refuses a file whose name and front matter disagree", async () => {
    dir = await mkdtemp(join(tmpdir(), "sip-prompts-"));
    await writeFile(join(dir, "questions.sv.md"), valid);
    await expect(loadPrompts(dir)).rejects.toThrow(/front matter says task "agenda"/);
  });

  it("names an unreadable folder", async () => {
    await expect(loadPrompts("/nonexistent/prompts")).rejects.toThrow(/cannot read the prompts folder/);
  });
});
