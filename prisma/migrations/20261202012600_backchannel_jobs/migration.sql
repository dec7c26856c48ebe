-- Back-channel logout deliveries as durable jobs (oidc/backchannel.ts): a restart loses none.
-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('PENDING', 'FAILED');

-- CreateTable
CREATE TABLE "BackchannelJob" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "sid" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackchannelJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BackchannelJob_status_nextAttemptAt_idx" ON "BackchannelJob"("status", "nextAttemptAt");

