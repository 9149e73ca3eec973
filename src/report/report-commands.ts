// Operator commands: `sip digest` (the weekly digest for export) and `sip plan` (the person's plan as a
// file). Both open the store like `sip chat` does and go through the same use cases, access rules and
// audit as the chat commands.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { computeDigest } from "../app/digest.ts";
import { digestWithChart } from "../app/digest-weekly.ts";
import { planDocument } from "../app/plan-document.ts";
import type { Config } from "../config.ts";
import { digestReply } from "../conversation/follow-through-views.ts";
import { failureText } from "../conversation/failures.ts";
import { texts } from "../conversation/locale.ts";
import { parseDigestWeek } from "../domain/digest.ts";
import { stockholmDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import { startRuntime } from "../main.ts";
import { renderPlanHtml } from "./plan-html.ts";
import { renderPlanPdf } from "./plan-pdf.ts";

/** `sip digest [--json] [--unit <namn>] [--week <vecka>] [--lang sv|en]` */
export async function runDigestCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: "boolean", default: false },
      unit: { type: "string" },
      week: { type: "string" },
      lang: { type: "string" },
    },
    strict: true,
  });
  const runtime = await startRuntime(config);
  try {
    const { deps } = runtime;
    const locale = values.lang === "en" ? "en" : "sv";
    const week =
      values.week === undefined ? null : parseDigestWeek(values.week, stockholmDate(deps.clock.now()));
    if (values.week !== undefined && week === null) {
      console.error(texts(locale).ft.problem.badWeek);
      return 2;
    }
    const all = await deps.store.listUnits();
    const units =
      values.unit === undefined
        ? all
        : all.filter((u) => u.name.toLowerCase() === values.unit?.toLowerCase());
    if (units.length === 0) {
      console.error(
        values.unit === undefined ? texts(locale).ft.digestNoUnits : texts(locale).ft.problem.unknownUnit,
      );
      return 2;
    }
    const digest = await computeDigest(deps, units, week, { id: null, unitId: null });
    if (values.json) {
      console.log(JSON.stringify(digest, null, 2));
      return 0;
    }
    console.log(digestReply(await digestWithChart(deps, undefined, digest, locale), locale).text);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `sip plan <ref> --as <kortnamn> (--html | --pdf) --out <fil> [--lang sv|en]` */
export async function runPlanCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      as: { type: "string" },
      pdf: { type: "boolean", default: false },
      html: { type: "boolean", default: false },
      out: { type: "string" },
      lang: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  const ref = parsePersonRef(positionals[0] ?? "");
  if (ref === null || values.as === undefined || values.out === undefined || values.pdf === values.html) {
    console.error("Användning: sip plan K-XXXX --as <kortnamn> (--html | --pdf) --out <fil> [--lang sv|en]");
    return 2;
  }
  const locale = values.lang === "en" ? "en" : "sv";
  const runtime = await startRuntime(config);
  try {
    const { deps } = runtime;
    const actor = await deps.store.findStaffByHandle(values.as);
    if (actor === null || !actor.approved) {
      console.error(`Ingen godkänd personal med kortnamnet ${values.as.slice(0, 40)}.`);
      return 2;
    }
    const r = await planDocument(deps, actor, ref);
    if (!r.ok) {
      const t = texts(locale);
      console.error(r.reason === "planNotAllowed" ? t.ft.problem.planNotAllowed : failureText(t, r));
      return 1;
    }
    const body = values.pdf ? await renderPlanPdf(r.value, locale) : renderPlanHtml(r.value, locale);
    await writeFile(values.out, body, { mode: 0o600 });
    console.log(`${values.out}`);
    return 0;
  } finally {
    await runtime.close();
  }
}
