import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Config } from "../config.ts";
import { type Runtime, StartupError } from "../main.ts";
import type { CodeMap } from "./effort-mapping.ts";

// `sip serve` with imports: POST /api/efforts, mounted only when at least one source token is configured.
// The shape matches src/http-mounts.ts's HttpMount (kept structural, so this folder does not import the
// list that imports it).

// "KVÅ:AB123" or "KSI:XYZ" -> a taxonomy code; a region's list is a few hundred codes at most.
const codeMapSchema = z
  .record(
    z.string().regex(/^(KVÅ|KSI):\S{1,20}$/u, 'keys look like "KVÅ:AB123" or "KSI:XYZ"'),
    z.string().max(60),
  )
  .refine((m) => Object.keys(m).length <= 10_000, "at most 10,000 codes");

/** The region's KVÅ/KSI code map from SIP_IMPORT_CODE_MAP_FILE, checked against the taxonomy. */
export async function loadCodeMap(runtime: Runtime, file: string | undefined): Promise<CodeMap> {
  if (file === undefined) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new StartupError(`SIP_IMPORT_CODE_MAP_FILE: cannot read ${file} as JSON (${(e as Error).message})`);
  }
  const parsed = codeMapSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new StartupError(`SIP_IMPORT_CODE_MAP_FILE: ${file}: ${problems}`);
  }
  const map = new Map<string, string>();
  for (const [key, code] of Object.entries(parsed.data)) {
    if (runtime.deps.taxonomy.byCode(code) === undefined) {
      throw new StartupError(`SIP_IMPORT_CODE_MAP_FILE: ${key} names "${code}", which is not an effort code`);
    }
    map.set(key.toUpperCase(), code);
  }
  return map;
}

export async function mountEffortImport(
  runtime: Runtime,
  config: Config,
): Promise<{
  name: string;
  routes: Map<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
} | null> {
  const tokens = config.SIP_IMPORT_TOKENS;
  if (tokens === undefined || tokens.length === 0) return null;
  const codes = await loadCodeMap(runtime, config.SIP_IMPORT_CODE_MAP_FILE);
  // The CSV/FHIR parsers load only on a server that takes imports, not on every `sip serve`.
  const { DEFAULT_BODY_TIMEOUT_MS, EFFORTS_PATH, effortImportRoute } = await import("./http-endpoint.ts");
  const route = effortImportRoute({
    deps: runtime.deps,
    tokens,
    maxBytes: config.SIP_IMPORT_MAX_BYTES,
    bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
    codes,
  });
  const sources = tokens.map((t) => t.source).join(", ");
  return {
    name: `import av insatser (POST ${EFFORTS_PATH}; källsystem: ${sources})`,
    routes: new Map([[`POST ${EFFORTS_PATH}`, route]]),
  };
}
