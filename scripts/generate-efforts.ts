// Synthetic efforts for load tests and the ingest benchmark: a CSV in the documented import format.
//
//   node scripts/generate-efforts.ts [--efforts 1000000] [--persons 300000] [--out efforts.csv] [--seed 1]
//
// Every person number is synthetic: born 1900-1929 (so nobody alive today is likely to have it), serial
// 900-999, check digit by Luhn, so the numbers pass validation and cannot be mistaken for real data. About
// 3 % are samordningsnummer (day + 60). The mix of efforts follows the rough shape of Swedish services:
// primary care and home care most common, inpatient stays short and mostly ended, about a third ended.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";

export interface GenerateOptions {
  efforts: number;
  persons: number;
  seed: number;
  /** Dates are spread over the four years before this day (YYYY-MM-DD). */
  today: string;
}

// [code, principal word, weight, typical length in days (0: open-ended)]
const MIX: [string, "kommun" | "region", number, number][] = [
  ["hemtjanst", "kommun", 20, 0],
  ["boendestod", "kommun", 6, 0],
  ["sarskilt-boende", "kommun", 5, 0],
  ["lss-daglig-verksamhet", "kommun", 3, 0],
  ["lss-gruppbostad", "kommun", 2, 0],
  ["lss-personlig-assistans", "kommun", 2, 0],
  ["forsorjningsstod", "kommun", 6, 180],
  ["missbruksvard-socialtjanst", "kommun", 3, 240],
  ["hemsjukvard", "kommun", 5, 0],
  ["korttidsboende", "kommun", 2, 30],
  ["dagverksamhet", "kommun", 2, 0],
  ["primarvard", "region", 25, 0],
  ["psykiatrisk-oppenvard", "region", 8, 0],
  ["psykiatrisk-slutenvard", "region", 1, 21],
  ["bup", "region", 3, 365],
  ["beroendevard-medicinsk", "region", 2, 240],
  ["habilitering", "region", 2, 0],
  ["specialistrehabilitering", "region", 2, 120],
  ["somatisk-specialistvard", "region", 6, 90],
  ["somatisk-slutenvard", "region", 3, 7],
];
const TOTAL_WEIGHT = MIX.reduce((s, m) => s + m[2], 0);
const DISTRICTS = 12;

/** A small, fast, seeded generator (mulberry32), so the same seed gives the same file (and the same test). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhn(nine: string): string {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    const w = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += w > 9 ? w - 9 : w;
  }
  return String((10 - (sum % 10)) % 10);
}

const DAY_MS = 86_400_000;
const FIRST_BIRTH = Date.UTC(1900, 0, 1);
const BIRTH_DAYS = 10_957; // 1900-01-01 .. 1929-12-31

/** The synthetic identifier of person k (0-based): unique for k below 1,095,700. */
export function syntheticId(k: number, coordination: boolean): string {
  const birth = new Date(FIRST_BIRTH + (k % BIRTH_DAYS) * DAY_MS);
  const yyyy = String(birth.getUTCFullYear());
  const mm = String(birth.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(birth.getUTCDate() + (coordination ? 60 : 0)).padStart(2, "0");
  const serial = String(900 + Math.floor(k / BIRTH_DAYS)).padStart(3, "0");
  const nine = `${yyyy.slice(2)}${mm}${dd}${serial}`;
  return `${yyyy}${mm}${dd}${serial}${luhn(nine)}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const GENERATED_HEADER = "källsystem;personnummer;insats;huvudman;enhet;start;slut;insats_id";

/** Yields the CSV lines (header first), each ending in a newline. */
export function* generateEfforts(o: GenerateOptions): Generator<string> {
  const rand = seededRandom(o.seed);
  const today = Date.parse(`${o.today}T00:00:00Z`);
  const span = 4 * 365;
  yield `${GENERATED_HEADER}\n`;
  for (let i = 0; i < o.efforts; i++) {
    // Every person gets one effort first; the rest go to persons at random, so some have many.
    const k = i < o.persons ? i : Math.floor(rand() * o.persons);
    const id = syntheticId(k, k % 33 === 0);
    let pick = rand() * TOTAL_WEIGHT;
    let m = MIX[0] ?? ["hemtjanst", "kommun", 1, 0];
    for (const candidate of MIX) {
      pick -= candidate[2];
      if (pick <= 0) {
        m = candidate;
        break;
      }
    }
    const [code, principal, , length] = m;
    const start = today - Math.floor(rand() * span) * DAY_MS;
    let end: number | null = null;
    if (length > 0) end = start + Math.floor((0.3 + rand() * 1.4) * length) * DAY_MS;
    else if (rand() < 0.3) end = start + Math.floor(30 + rand() * 700) * DAY_MS;
    // Ends far in the future are decisions not yet taken: leave them open.
    if (end !== null && end > today + 180 * DAY_MS) end = null;
    const unit = `${code} distrikt ${1 + (k % DISTRICTS)} (syntet)`;
    yield `syntet;${id};${code};${principal};${unit};${isoDay(start)};${end === null ? "" : isoDay(end)};E${i}\n`;
  }
}

export async function writeEfforts(path: string, o: GenerateOptions): Promise<void> {
  const out = createWriteStream(path);
  let buffer = "";
  for (const line of generateEfforts(o)) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      efforts: { type: "string", default: "1000000" },
      persons: { type: "string" },
      out: { type: "string", default: "efforts.csv" },
      seed: { type: "string", default: "1" },
    },
  });
  const efforts = Number(values.efforts);
  const persons =
    values.persons === undefined ? Math.max(1, Math.round(efforts * 0.3)) : Number(values.persons);
  const today = new Date().toISOString().slice(0, 10);
  await writeEfforts(values.out, { efforts, persons, seed: Number(values.seed), today });
  console.log(`${efforts} efforts for ${persons} persons written to ${values.out}`);
}
