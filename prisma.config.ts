// Prisma CLI configuration. The application applies migrations itself (src/store/migrate.ts), so the CLI
// is only used for `prisma generate` here; `prisma migrate deploy` works where the schema engine is available.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/sip" },
});
