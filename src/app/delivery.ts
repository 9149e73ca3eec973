import type { AppDeps } from "./deps.ts";
import { type ParsedNotification, parseNotification } from "./notifications.ts";
import type { Locale } from "./ports.ts";

// The adapters' side of the outbox: what is waiting for recipients on one platform, and the record that it
// was delivered. A delivery puts a person reference in front of someone, so it is audited like a read.

export interface Delivery {
  id: string;
  recipientId: string;
  /** The recipient's user id on the platform asked for. */
  platformUserId: string;
  locale: Locale;
  /** Null when the stored payload is not one this version can render; it is then marked failed. */
  notification: ParsedNotification | null;
}

export async function pendingDeliveries(deps: AppDeps, platform: string, limit = 100): Promise<Delivery[]> {
  const { store } = deps;
  const out: Delivery[] = [];
  for (const entry of await store.pendingOutbox(limit, platform)) {
    const identity = (await store.listIdentities(entry.recipientId)).find((i) => i.platform === platform);
    const staff = await store.getStaff(entry.recipientId);
    if (identity === undefined || staff === null) continue;
    out.push({
      id: entry.id,
      recipientId: entry.recipientId,
      platformUserId: identity.userId,
      locale: staff.locale,
      notification: parseNotification(entry.payload),
    });
  }
  return out;
}

/** Records the outcome of one delivery: sent (with the platform's message id) and audited, or failed. */
export async function confirmDelivery(deps: AppDeps, d: Delivery, platformRef: string | null): Promise<void> {
  await deps.store.transaction(async (store) => {
    if (d.notification === null) {
      await store.markOutboxFailed(d.id);
      return;
    }
    await store.markOutboxSent(d.id, platformRef);
    const recipient = await store.getStaff(d.recipientId);
    await store.audit({
      actorId: d.recipientId,
      action: "NOTIFICATION_DELIVERED",
      personRef: d.notification.personRef,
      unitId: recipient?.unitId ?? null,
      basis: "SYSTEM",
      detail: { kind: d.notification.kind },
    });
  });
}
