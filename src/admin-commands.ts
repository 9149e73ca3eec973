import { userInfo } from "node:os";
import type { Principal } from "./domain/principal.ts";
import type { Config } from "./config.ts";
import { startRuntime } from "./main.ts";

// Operator commands run from a shell on the server (not from chat): managing the unit directory that
// first-contact registration picks from, and exporting the audit trail.

const PRINCIPAL_WORDS = new Map<string, Principal>([
  ["region", "REGION"],
  ["kommun", "MUNICIPALITY"],
  ["municipality", "MUNICIPALITY"],
  ["övrig", "OTHER"],
  ["other", "OTHER"],
]);

// A unit name is what staff pick from a list and type in quotes; keep it a sensible length.
const MAX_UNIT_NAME = 120;

/** `sip units list` and `sip units add "<name>" <region|kommun|övrig>`. */
export async function runUnits(config: Config, args: string[]): Promise<number> {
  const [action, name, principalWord] = args;
  if (action !== "list" && action !== "add") {
    console.error('Användning: sip units list | sip units add "<namn>" <region|kommun|övrig>');
    return 2;
  }
  const principal = PRINCIPAL_WORDS.get((principalWord ?? "").toLowerCase());
  const trimmed = (name ?? "").trim();
  if (
    action === "add" &&
    (trimmed.length === 0 || trimmed.length > MAX_UNIT_NAME || principal === undefined)
  ) {
    console.error(
      `Ange enhetens namn (högst ${MAX_UNIT_NAME} tecken) och huvudman: region, kommun eller övrig.`,
    );
    return 2;
  }
  const runtime = await startRuntime(config);
  try {
    const { store } = runtime.deps;
    if (action === "add" && principal !== undefined) {
      if ((await store.findUnitByName(trimmed)) !== null) {
        console.error(`Enheten "${trimmed}" finns redan.`);
        return 1;
      }
      await store.createUnit(trimmed, principal);
      await store.audit({
        actorId: null,
        action: "UNIT_CREATED",
        personRef: null,
        unitId: null,
        basis: "SYSTEM",
        detail: { name: trimmed },
      });
      console.log(`Enheten "${trimmed}" (${principal}) är skapad.`);
    }
    for (const u of await store.listUnits()) console.log(`${u.principal.padEnd(12)} ${u.name}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `sip staff list` and `sip staff approve <handle>`: self-registrations wait here for an operator. */
export async function runStaff(config: Config, args: string[]): Promise<number> {
  const [action, handle] = args;
  if (action !== "list" && !(action === "approve" && handle !== undefined)) {
    console.error("Användning: sip staff list | sip staff approve <kortnamn>");
    return 2;
  }
  const runtime = await startRuntime(config);
  try {
    const { store } = runtime.deps;
    if (action === "approve" && handle !== undefined) {
      if (!(await store.approveStaff(handle, new Date()))) {
        console.error(`Ingen registrering som väntar på godkännande har kortnamnet "${handle}".`);
        return 1;
      }
      const staff = await store.findStaffByHandle(handle);
      await store.audit({
        actorId: null,
        action: "STAFF_APPROVED",
        personRef: null,
        unitId: staff?.unitId ?? null,
        basis: "SYSTEM",
        detail: { handle: handle.toLowerCase(), operator: operatorName() },
      });
      console.log(`${staff?.displayName ?? handle} är godkänd.`);
    }
    for (const s of await store.listStaff()) {
      const state = s.approved ? "godkänd" : "VÄNTAR";
      console.log(
        `${state.padEnd(9)} ${s.handle.padEnd(16)} ${s.principal.padEnd(12)} ${s.unitName ?? "-"}  ${s.displayName}`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

/** Who ran an operator command, as the operating system knows them; kept in the audit trail. */
function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/**
 * `sip audit [--ref K-XXXX]`: the audit trail as JSON lines on standard output, for the organisation's log
 * review. Exporting is itself recorded, so the trail shows who took a copy.
 */
export async function runAuditExport(config: Config, ref: string | undefined): Promise<number> {
  const runtime = await startRuntime(config);
  try {
    // Recorded first, so an export that fails half-way still shows who took (part of) a copy.
    await runtime.deps.store.audit({
      actorId: null,
      action: "AUDIT_EXPORTED",
      personRef: ref ?? null,
      unitId: null,
      basis: "SYSTEM",
      detail: { operator: operatorName() },
    });
    const rows = await runtime.db.runner.query<Record<string, unknown>>(
      `SELECT id::text, at, actor_id, action, person_ref, unit_id, basis, detail
         FROM audit_event WHERE ($1::text IS NULL OR person_ref = $1) ORDER BY id`,
      [ref ?? null],
    );
    for (const row of rows) {
      const at = row.at instanceof Date ? row.at.toISOString() : row.at;
      process.stdout.write(`${JSON.stringify({ ...row, at })}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
