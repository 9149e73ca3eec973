// The 100 writes of the kill -9 test: three new commitments to one "done", alternating between a staff
// owner (whose notification is part of the write) and an owner outside the staff. Texts are unique, so a
// second commitment made by a retry is visible as a repeated text.
export type WriteOp =
  { kind: "create"; what: string; owner: "bo" | "person" } | { kind: "done"; what: string };

export function planWrites(count: number, random: () => number): WriteOp[] {
  const ops: WriteOp[] = [];
  const open: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 4 === 3 && open.length > 0) {
      const [what] = open.splice(Math.floor(random() * open.length), 1);
      ops.push({ kind: "done", what: what as string });
    } else {
      const what = `Uppgift w${i}x`;
      open.push(what);
      ops.push({ kind: "create", what, owner: i % 2 === 0 ? "bo" : "person" });
    }
  }
  return ops;
}
