import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import {
  type EffortSource,
  type ImportFormat,
  ImportFormatError,
  type SourceItem,
} from "../app/import-ports.ts";
import { readCsv } from "./csv-source.ts";
import { type CodeMap, forgetValidations, type MappingContext } from "./effort-mapping.ts";
import { bundleItems, parseBundle } from "./fhir-source.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";

// Turning a file or a request body into an EffortSource for the import use case, with the content's
// SHA-256 (which finds an interrupted run of the same content) and, where cheap, the number of records.

// A Bundle is parsed in memory; a file this large would need several times its size in heap.
const MAX_FHIR_FILE_BYTES = 256 * 1024 * 1024;

export function mappingContext(
  taxonomy: EffortTaxonomy,
  codes: CodeMap,
  today: Date = new Date(),
): MappingContext {
  return { taxonomy, codes, today };
}

export interface PreparedContent {
  content: EffortSource;
  contentHash: string;
}

/** CSV or FHIR from the content type of an HTTP request; null when it is neither. */
export function formatFromContentType(contentType: string | undefined): ImportFormat | null {
  const type = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (type === "text/csv" || type === "application/csv") return "CSV";
  if (type === "application/fhir+json" || type === "application/json") return "FHIR";
  return null;
}

/** The format a file's name suggests: .json is FHIR, anything else CSV. */
export function formatFromFileName(path: string): ImportFormat {
  return /\.json$/i.test(path) ? "FHIR" : "CSV";
}

/**
 * A file, read twice as a stream (never whole, except a FHIR Bundle, which is one JSON document): first for
 * its hash and line count, then for the records.
 */
export async function fileContent(
  path: string,
  format: ImportFormat,
  ctx: MappingContext,
): Promise<PreparedContent> {
  const hash = createHash("sha256");
  let lines = 0;
  let last = 0x0a;
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 0x0a) lines++;
  const contentHash = hash.digest("hex");
  if (format === "FHIR") {
    // A Bundle is one JSON document and is parsed whole; beyond this size, split it (or send CSV).
    if (bytes > MAX_FHIR_FILE_BYTES) {
      throw new ImportFormatError("fhirFileTooLarge", { maxMb: MAX_FHIR_FILE_BYTES / 1024 / 1024 });
    }
    return bodyContent(await readFile(path), "FHIR", ctx, contentHash);
  }
  return {
    contentHash,
    // Data rows: every line but the header (a quoted field spanning lines makes this an estimate).
    content: { items: readCsv(createReadStream(path), ctx), total: Math.max(0, lines - 1) },
  };
}

/** A request body already in memory (its size capped by the endpoint). */
export function bodyContent(
  body: Buffer,
  format: ImportFormat,
  ctx: MappingContext,
  contentHash: string = createHash("sha256").update(body).digest("hex"),
): PreparedContent {
  if (format === "CSV") {
    return { contentHash, content: { items: readCsv([body], ctx), total: null } };
  }
  // The Bundle is parsed when the import starts reading, so a malformed body fails as the import's error.
  let total: number | null = null;
  async function* items(): AsyncGenerator<SourceItem> {
    await Promise.resolve(); // parse on the first read, not when the source is built
    const entries = parseBundle(body.toString("utf8"));
    total = entries.length;
    try {
      yield* bundleItems(entries, ctx);
    } finally {
      forgetValidations();
    }
  }
  const content: EffortSource = {
    items: items(),
    get total() {
      return total;
    },
  };
  return { contentHash, content };
}
