// Shared by the ingest tests: run an import from a CSV string or a FHIR object against a harness, with the
// same mapping the CLI and the endpoint use.
import { importEfforts, type ImportSummary } from "../../src/app/import.ts";
import type { ImportFormat } from "../../src/app/import-ports.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Result } from "../../src/domain/result.ts";
import type { CodeMap } from "../../src/ingest/effort-mapping.ts";
import { bodyContent, mappingContext } from "../../src/ingest/sources.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";

/** A generated personnummer (born 1913, a date long past), 12 digits, valid by Luhn. */
export function pnr(n: number): string {
  const day = String(1 + Math.floor(n / 900)).padStart(2, "0");
  const serial = String(100 + (n % 900)).padStart(3, "0");
  const date = `191303${day}`;
  return date + serial + luhnCheckDigit(date.slice(2) + serial);
}

export const HEADER = "källsystem;personnummer;insats;huvudman;enhet;start;slut";

export function csv(...rows: string[]): string {
  return [HEADER, ...rows].join("\n") + "\n";
}

export async function runImport(
  deps: AppDeps,
  body: string | Buffer,
  options: { format?: ImportFormat; source?: string | null; codes?: CodeMap; batchSize?: number } = {},
): Promise<Result<ImportSummary, string>> {
  const format = options.format ?? "CSV";
  const buffer = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const { content, contentHash } = bodyContent(
    buffer,
    format,
    mappingContext(deps.taxonomy, options.codes ?? new Map(), deps.clock.now()),
  );
  return importEfforts(deps, {
    source: options.source === undefined ? "treserva" : options.source,
    format,
    contentHash,
    actor: { kind: "operator", name: "test" },
    content,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
  });
}
