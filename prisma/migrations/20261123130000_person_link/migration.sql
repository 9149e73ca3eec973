-- CreateTable
CREATE TABLE "person_link" (
    "person_id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_link_pkey" PRIMARY KEY ("person_id","staff_id")
);

-- AddForeignKey
ALTER TABLE "person_link" ADD CONSTRAINT "person_link_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_link" ADD CONSTRAINT "person_link_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
