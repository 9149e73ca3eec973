-- AlterTable
ALTER TABLE "staff_profile" ADD COLUMN     "approved_at" TIMESTAMPTZ(3);
