import { fail, ok, type Result } from "../domain/result.ts";
import type { AppDeps } from "./deps.ts";
import type { Locale, StaffMember, Store } from "./ports.ts";

export interface PlatformUser {
  platform: string;
  tenant: string;
  userId: string;
}

export function findStaff(store: Store, user: PlatformUser): Promise<StaffMember | null> {
  return store.findStaffByIdentity(user.platform, user.tenant, user.userId);
}

// Handles are what colleagues type after "@" in a command; keep them short and unambiguous.
const HANDLE = /^[a-zåäö][a-zåäö0-9._-]{1,31}$/;
const MAX_NAME = 80;

/** First contact: a staff member the bot does not know says who they are and where they work. */
export async function registerSelf(
  deps: AppDeps,
  user: PlatformUser,
  input: { handle: string; displayName: string; unitName: string; locale: Locale },
): Promise<Result<StaffMember, "badHandle" | "handleTaken" | "badName" | "unknownUnit" | "alreadyKnown">> {
  const handle = input.handle.trim().toLowerCase().replace(/^@/, "");
  const displayName = input.displayName.trim();
  if (!HANDLE.test(handle)) return fail("badHandle");
  if (displayName.length === 0 || displayName.length > MAX_NAME) return fail("badName", { max: MAX_NAME });
  return deps.store.transaction(async (store) => {
    if ((await findStaff(store, user)) !== null) return fail("alreadyKnown");
    if ((await store.findStaffByHandle(handle)) !== null) return fail("handleTaken", { handle });
    const unit = await store.findUnitByName(input.unitName);
    if (unit === null) return fail("unknownUnit", { unit: input.unitName.slice(0, 60) });
    const staff = await store.createStaff({
      handle,
      displayName,
      principal: unit.principal,
      role: "STAFF",
      unitId: unit.id,
      locale: input.locale,
      // Choosing a unit from a list proves nothing, so chat registrations wait for an operator. The
      // console is the exception: whoever types there already runs the server and its data folder.
      approved: user.platform === "console",
    });
    await store.linkIdentity(staff.id, user.platform, user.tenant, user.userId);
    await store.audit({
      actorId: staff.id,
      action: "STAFF_REGISTERED",
      personRef: null,
      unitId: unit.id,
      basis: "SYSTEM",
      detail: { approved: staff.approved },
    });
    return ok(staff);
  });
}
