import type { Principal } from "../domain/principal.ts";
import type { StaffRole, Store } from "./ports.ts";

// A small, clearly fictional directory so the bot can be tried with zero set-up. Every name is marked
// "(demo)"; it is only seeded into an empty store (no staff, no units), and never when the deployment
// turns it off.
const UNITS: { name: string; principal: Principal }[] = [
  { name: "Hemtjänst Norr (demo)", principal: "MUNICIPALITY" },
  { name: "Biståndsenheten (demo)", principal: "MUNICIPALITY" },
  { name: "Psykiatrisk öppenvård (demo)", principal: "REGION" },
  { name: "Vårdcentralen Centrum (demo)", principal: "REGION" },
];

const STAFF: { handle: string; displayName: string; unit: string; role: StaffRole }[] = [
  { handle: "anna", displayName: "Anna Andersson (demo)", unit: "Hemtjänst Norr (demo)", role: "STAFF" },
  { handle: "bo", displayName: "Bo Berg (demo)", unit: "Psykiatrisk öppenvård (demo)", role: "STAFF" },
  {
    handle: "cecilia",
    displayName: "Cecilia Carlsson (demo)",
    unit: "Hemtjänst Norr (demo)",
    role: "MANAGER",
  },
  { handle: "david", displayName: "David Dahl (demo)", unit: "Vårdcentralen Centrum (demo)", role: "STAFF" },
  { handle: "eva", displayName: "Eva Ek (demo)", unit: "Biståndsenheten (demo)", role: "STAFF" },
];

/** Seeds the demo directory into an empty store; returns false (and does nothing) otherwise. */
export async function seedDemoDirectory(store: Store, platform: string, tenant: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    if ((await tx.countStaff()) > 0 || (await tx.listUnits()).length > 0) return false;
    const units = new Map<string, { id: string; principal: Principal }>();
    for (const u of UNITS) units.set(u.name, await tx.createUnit(u.name, u.principal));
    for (const s of STAFF) {
      const unit = units.get(s.unit);
      if (unit === undefined) throw new Error(`demo directory: unknown unit ${s.unit}`);
      const staff = await tx.createStaff({
        handle: s.handle,
        displayName: s.displayName,
        principal: unit.principal,
        role: s.role,
        unitId: unit.id,
        locale: "sv",
      });
      await tx.linkIdentity(staff.id, platform, tenant, s.handle);
    }
    await tx.audit({
      actorId: null,
      action: "DEMO_DIRECTORY_SEEDED",
      personRef: null,
      unitId: null,
      basis: "SYSTEM",
    });
    return true;
  });
}
