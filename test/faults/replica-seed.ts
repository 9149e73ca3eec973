// The work the three replicas share: units with two approved managers each (the Monday digest) and
// consented plans whose commitments are due today, due in two days and three days overdue (the reminder
// scan), written as plain rows. expectedOutbox says what must go out, once each, at 2026-11-23 09:00.
import type { SqlRunner } from "../../src/store/migrate.ts";

const UNITS = 30;
const PLANS_PER_UNIT = 3;
const DUE = { due: "2026-11-23", before: "2026-11-25", overdue: "2026-11-20" } as const;
const WEEK = "2026-11-16";

export interface ReplicaWork {
  managers: string[];
  coordinator: string;
  commitments: number;
  reminders: { number: number; owner: string; kind: keyof typeof DUE }[];
}

export async function seedReplicaWork(db: SqlRunner): Promise<ReplicaWork> {
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: string; number?: number }>(sql, params))[0] as { id: string; number?: number };
  const staff = (handle: string, principal: string, role: string, unit: string | null) =>
    one(
      `INSERT INTO staff_profile (id, handle, display_name, principal, role, unit_id, approved_at)
       VALUES (gen_random_uuid(), $1, $2, $3::"Principal", $4::"StaffRole", $5::uuid, now()) RETURNING id::text`,
      [handle, `${handle} (test)`, principal, role, unit],
    );
  const coordinator = (await staff("samordnare", "MUNICIPALITY", "STAFF", null)).id;
  const work: ReplicaWork = { managers: [], coordinator, commitments: 0, reminders: [] };
  for (let u = 0; u < UNITS; u++) {
    const principal = u % 2 === 0 ? "MUNICIPALITY" : "REGION";
    const unit = (
      await one(
        `INSERT INTO unit (id, name, principal) VALUES (gen_random_uuid(), $1, $2::"Principal") RETURNING id::text`,
        [`Enhet ${u} (test)`, principal],
      )
    ).id;
    for (const m of ["a", "b"])
      work.managers.push((await staff(`chef${u}${m}`, principal, "MANAGER", unit)).id);
    const owner = (await staff(`handlaggare${u}`, principal, "STAFF", unit)).id;
    for (let p = 0; p < PLANS_PER_UNIT; p++) {
      const person = (
        await one(
          "INSERT INTO person (id, ref, created_by_id) VALUES (gen_random_uuid(), $1, $2::uuid) RETURNING id::text",
          [`K-T${String(u * PLANS_PER_UNIT + p).padStart(3, "0")}`, coordinator],
        )
      ).id;
      const sip = (
        await one(
          `INSERT INTO sip (id, person_id, state, initiator_id, consented_at, updated_at)
           VALUES (gen_random_uuid(), $1::uuid, 'CONSENTED', $2::uuid, '2026-11-02T09:00:00Z', now()) RETURNING id::text`,
          [person, coordinator],
        )
      ).id;
      for (const kind of Object.keys(DUE) as (keyof typeof DUE)[]) {
        const row = await one(
          `INSERT INTO commitment (id, sip_id, what, principal, owner_staff_id, owner_unit_id, due_date, created_by_id, updated_at)
           VALUES (gen_random_uuid(), $1::uuid, $2, $3::"Principal", $4::uuid, $5::uuid, $6::date, $7::uuid, now())
           RETURNING id::text, number`,
          [sip, `Uppgift ${kind} ${u}-${p}`, principal, owner, unit, DUE[kind], coordinator],
        );
        work.commitments++;
        work.reminders.push({ number: Number(row.number), owner, kind });
      }
    }
  }
  return work;
}

/** Every message that must go out, in the form the test counts them: recipient and what. */
export function expectedOutbox(w: ReplicaWork): Set<string> {
  const want = new Set(w.managers.map((m) => `${m} digest ${WEEK}`));
  for (const r of w.reminders) {
    if (r.kind === "overdue") {
      want.add(`${r.owner} commitmentOverdue/owner #${r.number} overdue`);
      want.add(`${w.coordinator} commitmentOverdue/coordinator #${r.number} overdue-coordinator`);
    } else want.add(`${r.owner} commitmentReminder/owner #${r.number} ${r.kind}`);
  }
  return want;
}
