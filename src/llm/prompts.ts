import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PromptTemplate } from "@langchain/core/prompts";
import { z } from "zod";
import { DRAFT_TASKS, type DraftTask } from "../app/drafting-port.ts";
import type { Locale } from "../app/ports.ts";

// Prompt templates are Markdown files in prompts/, one per task and language (agenda.sv.md), with the
// model settings in a front matter block and two parts, "## system" and "## user", whose {named}
// variables langchain's PromptTemplate fills in. Every file is read and checked at start-up: a missing
// file, an unknown setting or a variable the front matter does not declare stops the bot with a message
// naming the file, instead of failing at the first user's request.

export const LOCALES: readonly Locale[] = ["sv", "en"];

const frontMatterSchema = z.strictObject({
  task: z.enum(DRAFT_TASKS),
  locale: z.enum(["sv", "en"]),
  // Drafting wants steady, plain wording; above 1 the output wanders.
  temperature: z.coerce.number().min(0).max(1),
  // Enough for the longest structured answer (an agenda); a cap keeps a runaway answer cheap.
  max_tokens: z.coerce.number().int().min(64).max(4000),
  variables: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    )
    .pipe(z.array(z.string().regex(/^[a-z_]+$/)).min(1)),
  description: z.string().max(300).optional(),
});

export interface PromptFile {
  task: DraftTask;
  locale: Locale;
  temperature: number;
  maxTokens: number;
  variables: string[];
  render(values: Readonly<Record<string, string>>): Promise<{ system: string; user: string }>;
}

export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PromptError";
  }
}

function parseFrontMatter(file: string, text: string): { meta: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (m === null)
    throw new PromptError(`${file}: must start with a front matter block between two "---" lines`);
  const meta: Record<string, string> = {};
  for (const raw of (m[1] ?? "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (kv === null)
      throw new PromptError(`${file}: front matter line "${line.slice(0, 60)}" is not "key: value"`);
    meta[kv[1] ?? ""] = (kv[2] ?? "").replace(/^"(.*)"$/, "$1");
  }
  return { meta, body: m[2] ?? "" };
}

export function parsePromptFile(file: string, text: string): PromptFile {
  const { meta, body } = parseFrontMatter(file, text);
  const parsed = frontMatterSchema.safeParse(meta);
  if (!parsed.success)
    throw new PromptError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const parts = /^##\s*system\s*\r?\n([\s\S]*?)^##\s*user\s*\r?\n([\s\S]*)$/im.exec(body);
  if (parts === null) throw new PromptError(`${file}: needs a "## system" part followed by a "## user" part`);
  let system: PromptTemplate;
  let user: PromptTemplate;
  try {
    system = PromptTemplate.fromTemplate((parts[1] ?? "").trim());
    user = PromptTemplate.fromTemplate((parts[2] ?? "").trim());
  } catch (e) {
    throw new PromptError(`${file}: ${(e as Error).message} (write literal braces as {{ and }})`);
  }
  const used = new Set([...system.inputVariables, ...user.inputVariables].map(String));
  const declared = new Set(parsed.data.variables);
  const undeclared = [...used].filter((v) => !declared.has(v));
  const unused = [...declared].filter((v) => !used.has(v));
  if (undeclared.length > 0 || unused.length > 0)
    throw new PromptError(
      `${file}: variables in the text and in the front matter differ (undeclared: ${undeclared.join(", ") || "none"}; unused: ${unused.join(", ") || "none"})`,
    );
  const names = [...declared];
  return {
    task: parsed.data.task,
    locale: parsed.data.locale,
    temperature: parsed.data.temperature,
    maxTokens: parsed.data.max_tokens,
    variables: names,
    async render(values) {
      const missing = names.filter((n) => values[n] === undefined);
      if (missing.length > 0) throw new PromptError(`${file}: no value for ${missing.join(", ")}`);
      const pick = (t: PromptTemplate) =>
        Object.fromEntries(t.inputVariables.map((v) => [v, values[String(v)] ?? ""]));
      return { system: await system.format(pick(system)), user: await user.format(pick(user)) };
    },
  };
}

export interface PromptSet {
  get(task: DraftTask, locale: Locale): PromptFile;
}

/** Loads every `<task>.<locale>.md` in the folder and insists that each task has both languages. */
export async function loadPrompts(dir: string): Promise<PromptSet> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new PromptError(
      `cannot read the prompts folder ${dir} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const prompts = new Map<string, PromptFile>();
  for (const name of names.filter((n) => /^[a-z]+\.(sv|en)\.md$/.test(n))) {
    const prompt = parsePromptFile(name, await readFile(join(dir, name), "utf8"));
    if (name !== `${prompt.task}.${prompt.locale}.md`)
      throw new PromptError(
        `${name}: its front matter says task "${prompt.task}", locale "${prompt.locale}"`,
      );
    prompts.set(`${prompt.task}.${prompt.locale}`, prompt);
  }
  const missing = DRAFT_TASKS.flatMap((t) => LOCALES.map((l) => `${t}.${l}.md`)).filter(
    (f) => !prompts.has(f.replace(/\.md$/, "")),
  );
  if (missing.length > 0) throw new PromptError(`missing prompt files in ${dir}: ${missing.join(", ")}`);
  return {
    get(task, locale) {
      const p = prompts.get(`${task}.${locale}`);
      if (p === undefined) throw new PromptError(`no prompt ${task}.${locale}`);
      return p;
    },
  };
}
