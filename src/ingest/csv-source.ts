import { Readable } from "node:stream";
import { parse } from "csv-parse";
import {
  ImportFormatError,
  type Rejection,
  type RejectionCode,
  type SourceItem,
  type TextParams,
} from "../app/import-ports.ts";
import {
  type Checked,
  checkDate,
  checkPeriod,
  checkPersonId,
  checkUnit,
  echo,
  forgetValidations,
  kindFromName,
  type MappingContext,
  principalFromWord,
  resolvePrincipal,
} from "./effort-mapping.ts";
import { decodeText } from "./text-decoding.ts";

// CSV exports of efforts, streamed: a header row names the columns (Swedish or English, any order), the
// separator is ; or , (read from the header row), the encoding UTF-8 or Windows-1252. csv-parse does the
// quoting rules; a record it cannot parse is reported with its line and skipped, and parsing goes on.

export type CsvField = "source" | "person" | "effort" | "principal" | "unit" | "start" | "end" | "effortId";

const HEADER_NAMES: Record<CsvField, readonly string[]> = {
  source: ["källsystem", "kallsystem", "system", "source", "source_system", "sourcesystem"],
  person: [
    "personnummer",
    "person",
    "person_id",
    "personid",
    "samordningsnummer",
    "external_person_id",
    "identifier",
  ],
  effort: ["insats", "insatskod", "effort", "effort_code", "code"],
  principal: ["huvudman", "principal"],
  unit: ["enhet", "unit"],
  start: ["start", "startdatum", "start_date", "från", "fran", "from"],
  end: ["slut", "slutdatum", "end", "end_date", "till", "to"],
  effortId: ["insats_id", "insatsid", "effort_id", "effortid", "external_id", "id"],
};

const REQUIRED: readonly CsvField[] = ["person", "effort", "start"];

// A real effort row is well under a kilobyte; a record this large is a broken quote swallowing the file or
// a hostile upload, and is refused rather than buffered.
const MAX_RECORD_BYTES = 64 * 1024;

function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Column positions from the header row; throws ImportFormatError when required columns are missing. */
export function mapHeader(header: readonly string[]): { columns: Map<CsvField, number>; width: number } {
  const columns = new Map<CsvField, number>();
  header.forEach((raw, index) => {
    const name = normaliseHeader(raw);
    for (const [field, names] of Object.entries(HEADER_NAMES) as [CsvField, readonly string[]][]) {
      if (names.includes(name) && !columns.has(field)) columns.set(field, index);
    }
  });
  const missing = REQUIRED.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    throw new ImportFormatError("missingColumns", {
      columns: missing.map((f) => HEADER_NAMES[f][0]).join(", "),
      found: header
        .slice(0, 20)
        .map((h) => echo(h))
        .join(", "),
    });
  }
  return { columns, width: header.length };
}

/** The separator of the header line: the one of ; and , that occurs more often outside quotes. */
export function detectDelimiter(headerLine: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ";") semicolons++;
    else if (!quoted && ch === ",") commas++;
  }
  return semicolons >= commas && semicolons > 0 ? ";" : ",";
}

export function rowToItem(
  ctx: MappingContext,
  columns: Map<CsvField, number>,
  record: readonly string[],
  line: number,
): SourceItem {
  const at = { line };
  const get = (f: CsvField) => {
    const i = columns.get(f);
    return i === undefined ? "" : (record[i] ?? "").trim();
  };
  const reject = (code: RejectionCode, params?: TextParams): SourceItem => ({
    ok: false,
    rejection: { at, code, ...(params !== undefined && { params }) },
  });
  const checks: Checked<unknown>[] = [];
  const person = checkPersonId(get("person"), ctx.today);
  const effortName = get("effort");
  const kind = kindFromName(ctx, effortName);
  if (kind === undefined) {
    return effortName === "" ? reject("missingEffort") : reject("unknownEffort", { value: echo(effortName) });
  }
  const principalWord = get("principal");
  const given = principalWord === "" ? undefined : principalFromWord(principalWord);
  if (principalWord !== "" && given === undefined) {
    return reject("unknownPrincipal", { value: echo(principalWord) });
  }
  const principal = resolvePrincipal(kind, given);
  const start = checkDate(get("start"), "start");
  const endText = get("end");
  const end = endText === "" ? ({ ok: true, value: null } as const) : checkDate(endText, "end");
  const unit = checkUnit(get("unit"));
  checks.push(person, principal, start, end, unit);
  const failed = checks.find((c) => !c.ok);
  if (failed !== undefined && !failed.ok) return reject(failed.code, failed.params);
  if (!person.ok) return reject(person.code, person.params);
  if (!principal.ok) return reject(principal.code, principal.params);
  if (!start.ok) return reject(start.code, start.params);
  if (!end.ok) return reject(end.code, end.params);
  if (!unit.ok) return reject(unit.code, unit.params);
  const period = checkPeriod(start.value, end.value);
  if (!period.ok) return reject(period.code, period.params);
  const source = get("source");
  const effortId = get("effortId");
  return {
    ok: true,
    effort: {
      at,
      source: source === "" ? null : source,
      externalId: effortId === "" ? null : effortId,
      personId: person.value,
      kind: kind.code,
      principal: principal.value,
      unitName: unit.value,
      startDate: start.value,
      endDate: end.value,
    },
  };
}

/** Splits off the first line of a text stream, keeping everything (including that line) for the parser. */
async function peekFirstLine(
  chunks: AsyncGenerator<string>,
): Promise<{ line: string; all: AsyncGenerator<string> }> {
  let head = "";
  while (!head.includes("\n")) {
    const next = await chunks.next();
    if (next.done === true) break;
    head += next.value;
    if (head.length > MAX_RECORD_BYTES) break;
  }
  async function* all(): AsyncGenerator<string> {
    if (head !== "") yield head;
    yield* chunks;
  }
  return { line: head.split(/\r?\n/, 1)[0] ?? "", all: all() };
}

/**
 * Reads CSV bytes (a file stream or a request body) into source items, one per data row. Throws
 * ImportFormatError when the header row is unusable; every later problem is a rejection of one row.
 */
export async function* readCsv(
  input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
  ctx: MappingContext,
): AsyncGenerator<SourceItem> {
  const { chunks } = decodeText(input);
  const { line: headerLine, all } = await peekFirstLine(chunks);
  if (headerLine.trim() === "") throw new ImportFormatError("emptyFile");
  const skipped: Rejection[] = [];
  // csv-parse drops the rest of its current chunk after a record past max_record_size (it returns from the
  // chunk early), so rows after it would go missing without a word: reading stops there, and says so.
  const cut = { atLine: Number.POSITIVE_INFINITY };
  const parser = parse({
    delimiter: detectDelimiter(headerLine),
    bom: true,
    relax_column_count: true,
    // A stray quote inside an unquoted field is kept as text (and the row is judged on its values): the
    // strict reading loses its place after such a quote and swallows the rows that follow.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
    on_skip: (err) => {
      const line = typeof err?.lines === "number" ? err.lines : 0;
      if (err?.code === "CSV_MAX_RECORD_SIZE") {
        if (cut.atLine !== Number.POSITIVE_INFINITY) return undefined; // raised again by each later chunk
        cut.atLine = line;
      }
      skipped.push({ at: { line }, ...csvReason(err?.code) });
      return undefined;
    },
  });
  const source = Readable.from(all, { objectMode: false });
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    yield* records(parser, skipped, ctx, cut);
  } finally {
    forgetValidations();
    parser.destroy();
  }
}

async function* records(
  parser: AsyncIterable<unknown>,
  skipped: Rejection[],
  ctx: MappingContext,
  cut: { atLine: number },
): AsyncGenerator<SourceItem> {
  let header: { columns: Map<CsvField, number>; width: number } | null = null;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    for (const rejection of skipped.splice(0)) yield { ok: false, rejection };
    if (item.info.lines > cut.atLine) return;
    if (header === null) {
      header = mapHeader(item.record);
      continue;
    }
    if (item.record.length !== header.width) {
      yield {
        ok: false,
        rejection: {
          at: { line: item.info.lines },
          code: "wrongColumnCount",
          params: { expected: header.width, found: item.record.length },
        },
      };
      continue;
    }
    yield rowToItem(ctx, header.columns, item.record, item.info.lines);
  }
  for (const rejection of skipped.splice(0)) yield { ok: false, rejection };
  if (header === null) throw new ImportFormatError("noHeader");
}

// csv-parse's own messages are English and may quote the record, so only its error code is passed on.
function csvReason(code: string | undefined): Pick<Rejection, "code" | "params"> {
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return { code: "unclosedQuote" };
    case "CSV_INVALID_CLOSING_QUOTE":
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_OPENING_QUOTE":
      return { code: "strayQuote" };
    case "CSV_MAX_RECORD_SIZE":
      return { code: "recordTooLong", params: { max: MAX_RECORD_BYTES } };
    default:
      return { code: "unreadableRecord", params: { parserCode: (code ?? "unknown").slice(0, 40) } };
  }
}
