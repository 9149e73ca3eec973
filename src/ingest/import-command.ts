import { stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { type ImportFailure, importEfforts, type ImportProgress, type ImportSummary } from "../app/import.ts";
import { type ImportFormat, ImportFormatError } from "../app/import-ports.ts";
import type { Config } from "../config.ts";
import { startRuntime } from "../main.ts";
import { loadCodeMap } from "./mount.ts";
import { failureCode, IMPORT_CLI_TEXTS, type ImportLang, importText, rejectionText } from "./import-texts.ts";
import { fileContent, formatFromFileName, mappingContext } from "./sources.ts";

// `sip import <file> [--source NAME] [--format csv|fhir]`: an operator imports an export file on the server.
// On a terminal it shows progress (rows per second, done/total, time left) on standard error; piped, it
// prints only the one-line summary. Rejected rows go to standard error with their line and reason. Swedish
// by default; English with --lang en or SIP_LOCALE=en.

export const IMPORT_USAGE = IMPORT_CLI_TEXTS.sv.usage;

// Exit codes: 0 everything imported, 3 imported but some rows rejected, 1 nothing could be imported, 2 usage.
const EXIT_REJECTED = 3;

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/** "12 345 / 100 000 rader · 8 210 rader/s · ca 11 s kvar" */
export function progressLine(p: ImportProgress, elapsedMs: number, lang: ImportLang = "sv"): string {
  const t = IMPORT_CLI_TEXTS[lang];
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const parts = [t.rows(p.done, p.total), t.rate(Math.round(rate))];
  if (p.total !== null && rate > 0) parts.push(t.left(Math.max(0, Math.round((p.total - p.done) / rate))));
  return parts.join(" · ");
}

export function summaryLine(s: ImportSummary, lang: ImportLang = "sv"): string {
  return IMPORT_CLI_TEXTS[lang].summary(s);
}

/** --lang wins over SIP_LOCALE; anything but "en" is Swedish. */
export function importLang(option: string | undefined, locale: string): ImportLang {
  return (option ?? locale).toLowerCase() === "en" ? "en" : "sv";
}

export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { source: { type: "string" }, format: { type: "string" }, lang: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const lang = importLang(values.lang, config.SIP_LOCALE);
  const t = IMPORT_CLI_TEXTS[lang];
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    console.error(`${lang === "sv" ? "Användning" : "Usage"}: ${t.usage}`);
    return 2;
  }
  const formatWord = values.format?.toLowerCase();
  if (formatWord !== undefined && formatWord !== "csv" && formatWord !== "fhir") {
    console.error(t.badFormatOption);
    return 2;
  }
  const format: ImportFormat =
    formatWord === undefined ? formatFromFileName(file) : formatWord === "fhir" ? "FHIR" : "CSV";
  if (format === "FHIR" && values.source === undefined) {
    console.error(t.fhirNeedsSource);
    return 2;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
  } catch {
    console.error(t.noFile(file));
    return 1;
  }

  const runtime = await startRuntime(config);
  try {
    const codes = await loadCodeMap(runtime, config.SIP_IMPORT_CODE_MAP_FILE);
    const ctx = mappingContext(runtime.deps.taxonomy, codes, runtime.deps.clock.now());
    let prepared: Awaited<ReturnType<typeof fileContent>>;
    try {
      prepared = await fileContent(file, format, ctx);
    } catch (e) {
      if (!(e instanceof ImportFormatError)) throw e;
      console.error(t.failed(importText(e.code, e.params, lang)));
      return 1;
    }
    const { content, contentHash } = prepared;
    const tty = process.stderr.isTTY === true;
    const started = Date.now();
    let lastDraw = 0;
    const result = await importEfforts(runtime.deps, {
      source: values.source ?? null,
      format,
      contentHash,
      actor: { kind: "operator", name: operatorName() },
      content,
      onProgress: (p) => {
        const now = Date.now();
        if (!tty || now - lastDraw < 200) return;
        lastDraw = now;
        process.stderr.write(`\r\x1b[2K${progressLine(p, now - started, lang)}`);
      },
    });
    if (tty) process.stderr.write("\r\x1b[2K");
    if (!result.ok) {
      console.error(t.failed(failureText(result.reason, result.detail ?? {}, lang)));
      return 1;
    }
    const s = result.value;
    for (const r of s.rejections) console.error(rejectionText(r, lang));
    if (s.rejected > s.rejections.length) console.error(t.moreRejected(s.rejected - s.rejections.length));
    console.log(summaryLine(s, lang));
    return s.rejected > 0 ? EXIT_REJECTED : 0;
  } finally {
    await runtime.close();
  }
}

/** The wording of a failed import; the endpoint words the same failures in both languages. */
export function failureText(
  reason: ImportFailure,
  detail: Readonly<Record<string, string | number>>,
  lang: ImportLang,
): string {
  return importText(failureCode(reason, detail), detail, lang);
}
