// Five weeks of activity (ISO weeks 43-47 of 2026, across the daylight-saving change of 25 October) for
// the demo unit Hemtjänst Norr, written as raw rows with exact instants, so the digest's SQL is checked
// against figures worked out by hand (the table in digest.test.ts). Instants are UTC; the comments give
// Stockholm time where a week boundary depends on it.
import type { SqlRunner } from "../../src/store/migrate.ts";

export interface FixtureIds {
  unitId: string; // Hemtjänst Norr (municipality)
  regionUnitId: string; // Psykiatrisk öppenvård (region)
  actorId: string;
  refs: Record<"P1" | "P2" | "P3" | "P4" | "P5" | "P6" | "P7", string>;
  commitmentNumbers: Record<"C1" | "C2" | "C3" | "C4" | "C5" | "C6", number>;
}

export const FIXTURE_REFS = {
  P1: "K-TA01",
  P2: "K-TA02",
  P3: "K-TA03",
  P4: "K-TA04",
  P5: "K-TA05",
  P6: "K-TA06",
  P7: "K-TA07",
} as const;

export async function writeDigestFixture(
  db: SqlRunner,
  ids: { unitId: string; regionUnitId: string; actorId: string },
): Promise<FixtureIds> {
  const { unitId, regionUnitId, actorId } = ids;
  const person = async (ref: string) =>
    (
      await db.query<{ id: string }>(
        "INSERT INTO person (id, ref, created_at, created_by_id) VALUES (gen_random_uuid(), $1, '2026-09-01T08:00:00Z', $2) RETURNING id::text",
        [ref, actorId],
      )
    )[0]?.id ?? "";
  const effort = (personId: string, kind: string, principal: string, unit: string, start: string) =>
    db.query(
      `INSERT INTO effort (id, person_id, kind, principal, unit_id, start_date, source, registered_by_id)
       VALUES (gen_random_uuid(), $1::uuid, $2, $3::"Principal", $4::uuid, $5::date, 'chat', $6::uuid)`,
      [personId, kind, principal, unit, start, actorId],
    );
  const sip = async (personId: string, state: string, moves: [string, string][]) => {
    const id =
      (
        await db.query<{ id: string }>(
          `INSERT INTO sip (id, person_id, state, initiator_id, created_at, updated_at)
           VALUES (gen_random_uuid(), $1::uuid, $2::"SipState", $3::uuid, $4::timestamptz, now()) RETURNING id::text`,
          [personId, state, actorId, moves[0]?.[1]],
        )
      )[0]?.id ?? "";
    let from: string | null = null;
    for (const [to, at] of moves) {
      await db.query(
        `INSERT INTO sip_transition (id, sip_id, from_state, to_state, actor_id, at)
         VALUES (gen_random_uuid(), $1::uuid, $2::"SipState", $3::"SipState", $4::uuid, $5::timestamptz)`,
        [id, from, to, actorId, at],
      );
      from = to;
    }
    return id;
  };
  const commitment = async (
    sipId: string,
    unit: string,
    principal: string,
    created: string,
    due: string,
    closed: { status: "DONE" | "CANCELLED"; at: string } | null,
  ) => {
    const row = (
      await db.query<{ id: string; number: number }>(
        `INSERT INTO commitment (id, sip_id, what, principal, owner_unit_id, due_date, status, created_by_id, created_at, updated_at)
         VALUES (gen_random_uuid(), $1::uuid, 'Ett åtagande', $2::"Principal", $3::uuid, $4::date,
                 $5::"CommitmentStatus", $6::uuid, $7::timestamptz, now()) RETURNING id::text, number`,
        [sipId, principal, unit, due, closed?.status ?? "OPEN", actorId, created],
      )
    )[0];
    if (row === undefined) throw new Error("commitment not written");
    await db.query(
      `INSERT INTO commitment_history (id, commitment_id, change, actor_id, at)
       VALUES (gen_random_uuid(), $1::uuid, 'CREATED', $2::uuid, $3::timestamptz)`,
      [row.id, actorId, created],
    );
    if (closed !== null)
      await db.query(
        `INSERT INTO commitment_history (id, commitment_id, change, actor_id, at)
         VALUES (gen_random_uuid(), $1::uuid, $2, $3::uuid, $4::timestamptz)`,
        [row.id, closed.status, actorId, closed.at],
      );
    return Number(row.number);
  };

  const p = {
    P1: await person(FIXTURE_REFS.P1),
    P2: await person(FIXTURE_REFS.P2),
    P3: await person(FIXTURE_REFS.P3),
    P4: await person(FIXTURE_REFS.P4),
    P5: await person(FIXTURE_REFS.P5),
    P6: await person(FIXTURE_REFS.P6),
    P7: await person(FIXTURE_REFS.P7),
  };
  for (const id of [p.P1, p.P2, p.P3, p.P4, p.P7])
    await effort(id, "hemtjanst", "MUNICIPALITY", unitId, "2026-09-01");
  // P1 also has the region's care, but an active SIP: never "both principals, no SIP".
  await effort(p.P1, "psykiatrisk-oppenvard", "REGION", regionUnitId, "2026-10-01");
  for (const id of [p.P5, p.P6]) {
    await effort(id, "hemtjanst", "MUNICIPALITY", unitId, "2026-11-01");
    await effort(id, "psykiatrisk-oppenvard", "REGION", regionUnitId, "2026-11-01");
  }
  // P5's consent covers both principals, so the manager may see the reference; P6 has none.
  await db.query(
    `INSERT INTO consent (id, person_id, principals, valid_from, recorded_by_id)
     VALUES (gen_random_uuid(), $1::uuid, ARRAY['REGION','MUNICIPALITY']::"Principal"[], '2026-11-01', $2::uuid)`,
    [p.P5, actorId],
  );

  const s1 = await sip(p.P1, "HELD", [
    ["SUGGESTED", "2026-10-20T08:00:00Z"], // w43
    ["CONSENTED", "2026-10-22T08:00:00Z"], // w43
    ["SCHEDULED", "2026-10-25T23:30:00Z"], // Monday 26 Oct 00:30 CET: w44, not w43
    ["HELD", "2026-11-03T09:00:00Z"], // w45: 14 days after the suggestion
    ["FOLLOW_UP", "2026-11-16T07:00:00Z"], // w47
    ["HELD", "2026-11-18T10:00:00Z"], // w47: the follow-up, 15 days after the meeting
  ]);
  const s2 = await sip(p.P2, "HELD", [
    ["SUGGESTED", "2026-11-02T10:00:00Z"], // w45
    ["CONSENT_PENDING", "2026-11-03T10:00:00Z"],
    ["CONSENTED", "2026-11-10T10:00:00Z"], // w46
    ["SCHEDULED", "2026-11-12T10:00:00Z"], // w46
    ["HELD", "2026-11-17T09:00:00Z"], // w47: 15 days after the suggestion
  ]);
  // An availability poll for P2's meeting: open from Thursday of week 45 until booked on Thursday of week
  // 46; the person's answer (a required participant) was still missing at the end of week 45.
  const poll =
    (
      await db.query<{ id: string }>(
        `INSERT INTO meeting_poll (id, sip_id, created_by_id, status, duration_minutes, place, closes_at, created_at, closed_at)
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'BOOKED', 60, 'Rum 1', '2026-11-10T16:00:00Z',
                 '2026-11-05T10:00:00Z', '2026-11-12T10:00:00Z') RETURNING id::text`,
        [s2, actorId],
      )
    )[0]?.id ?? "";
  await db.query(
    `INSERT INTO poll_participant (id, poll_id, position, staff_id, label, kind, principal, required, answered_at)
     VALUES (gen_random_uuid(), $1::uuid, 1, $2::uuid, NULL, 'STAFF', 'MUNICIPALITY', true, '2026-11-06T10:00:00Z'),
            (gen_random_uuid(), $1::uuid, 2, NULL, 'personen själv', 'PERSON', 'OTHER', true, '2026-11-11T10:00:00Z')`,
    [poll, actorId],
  );
  await sip(p.P3, "DECLINED", [
    ["SUGGESTED", "2026-11-18T10:00:00Z"], // w47
    ["DECLINED", "2026-11-19T10:00:00Z"], // w47
  ]);
  await sip(p.P4, "CLOSED", [
    ["SUGGESTED", "2026-10-12T10:00:00Z"], // w42, before the window
    ["CONSENTED", "2026-10-14T10:00:00Z"],
    ["SCHEDULED", "2026-10-16T10:00:00Z"],
    ["HELD", "2026-10-21T08:00:00Z"], // w43: 9 days after the suggestion
    ["CLOSED", "2026-11-20T10:00:00Z"], // w47
  ]);
  // A suggestion not taken up is not a SIP: P6 still counts as "both principals, no SIP".
  await sip(p.P6, "SUGGESTED", [["SUGGESTED", "2026-11-10T10:00:00Z"]]); // w46
  // Monday 23 Nov 00:30 CET: week 48, outside the report.
  await sip(p.P7, "SUGGESTED", [["SUGGESTED", "2026-11-22T23:30:00Z"]]);

  const c = {
    C1: await commitment(s1, unitId, "MUNICIPALITY", "2026-10-28T10:00:00Z", "2026-11-10", {
      status: "DONE",
      at: "2026-11-12T10:00:00Z",
    }),
    C2: await commitment(s1, unitId, "MUNICIPALITY", "2026-11-03T10:00:00Z", "2026-11-13", null),
    C3: await commitment(s1, unitId, "MUNICIPALITY", "2026-11-03T10:00:00Z", "2026-11-30", null),
    C4: await commitment(s1, unitId, "MUNICIPALITY", "2026-11-17T10:00:00Z", "2026-11-20", {
      status: "DONE",
      at: "2026-11-19T10:00:00Z",
    }),
    C5: await commitment(s1, unitId, "MUNICIPALITY", "2026-10-20T10:00:00Z", "2026-10-23", {
      status: "CANCELLED",
      at: "2026-11-05T10:00:00Z",
    }),
    // Another unit's: never in Hemtjänst Norr's figures.
    C6: await commitment(s1, regionUnitId, "REGION", "2026-10-20T10:00:00Z", "2026-10-21", null),
  };
  return { unitId, regionUnitId, actorId, refs: FIXTURE_REFS, commitmentNumbers: c };
}
