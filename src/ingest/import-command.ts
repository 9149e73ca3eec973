import { stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { importEfforts, type ImportProgress, type ImportSummary } from "../app/import.ts";
import { type ImportFormat, ImportFormatError } from "../app/import-ports.ts";
import type { Config } from "../config.ts";
import { startRuntime } from "../main.ts";
import { loadCodeMap } from "./mount.ts";
import { fileContent, formatFromFileName, mappingContext } from "./sources.ts";

// `sip import <file> [--source NAME] [--format csv|fhir]`: an operator imports an export file on the server.
// On a terminal it shows progress (rows per second, done/total, time left) on standard error; piped, it
// prints only the one-line summary. Rejected rows go to standard error with their line and reason.

export const IMPORT_USAGE =
  "sip import <fil> [--source <källsystem>] [--format csv|fhir]   importera insatser (CSV eller FHIR R4 Bundle)";

// Exit codes: 0 everything imported, 3 imported but some rows rejected, 1 nothing could be imported, 2 usage.
const EXIT_REJECTED = 3;

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

const number = new Intl.NumberFormat("sv-SE");

/** "12 345 / 100 000 rader · 8 210 rader/s · ca 11 s kvar" */
export function progressLine(p: ImportProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const parts = [
    p.total === null
      ? `${number.format(p.done)} rader`
      : `${number.format(p.done)} / ${number.format(p.total)} rader`,
    `${number.format(Math.round(rate))} rader/s`,
  ];
  if (p.total !== null && rate > 0) {
    const left = Math.max(0, Math.round((p.total - p.done) / rate));
    parts.push(left >= 120 ? `ca ${Math.round(left / 60)} min kvar` : `ca ${left} s kvar`);
  }
  return parts.join(" · ");
}

export function summaryLine(s: ImportSummary): string {
  return (
    `Import från ${s.source}: ${s.added} tillagda, ${s.updated} ändrade, ${s.ended} avslutade, ` +
    `${s.unchanged} oförändrade, ${s.rejected} avvisade, ${s.suggested} SIP-förslag` +
    (s.resumedAfter > 0 ? ` (återupptagen efter ${s.resumedAfter} rader)` : "") +
    ` [körning ${s.runId}]`
  );
}

export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { source: { type: "string" }, format: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    console.error(`Användning: ${IMPORT_USAGE}`);
    return 2;
  }
  const formatWord = values.format?.toLowerCase();
  if (formatWord !== undefined && formatWord !== "csv" && formatWord !== "fhir") {
    console.error("--format ska vara csv eller fhir.");
    return 2;
  }
  const format: ImportFormat =
    formatWord === undefined ? formatFromFileName(file) : formatWord === "fhir" ? "FHIR" : "CSV";
  if (format === "FHIR" && values.source === undefined) {
    console.error(
      "En FHIR-import behöver --source <källsystem>: en Bundle säger inte vilket system den kommer från.",
    );
    return 2;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
  } catch {
    console.error(`Filen ${file} finns inte eller går inte att läsa.`);
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
      console.error(`Importen misslyckades: ${e.message}`);
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
        process.stderr.write(`\r\x1b[2K${progressLine(p, now - started)}`);
      },
    });
    if (tty) process.stderr.write("\r\x1b[2K");
    if (!result.ok) {
      const detail = result.detail?.message ?? result.detail?.source ?? "";
      const why: Record<string, string> = {
        badFormat: "filen går inte att läsa",
        badSource: "ogiltigt namn på källsystem (bokstäver, siffror, . _ -, högst 40 tecken; inte chat)",
        noRecords: "inga rader med källsystem hittades; ange --source",
      };
      console.error(
        `Importen misslyckades: ${why[result.reason] ?? result.reason}${detail ? `: ${detail}` : ""}`,
      );
      return 1;
    }
    const s = result.value;
    for (const r of s.rejections) console.error(`${r.at}: ${r.reason}`);
    if (s.rejected > s.rejections.length)
      console.error(`… och ${s.rejected - s.rejections.length} avvisade till.`);
    console.log(summaryLine(s));
    return s.rejected > 0 ? EXIT_REJECTED : 0;
  } finally {
    await runtime.close();
  }
}
