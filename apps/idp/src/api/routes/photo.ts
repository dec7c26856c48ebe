// « Ajouter une photo »: JPEG, PNG or WebP up to 2 MB, recognised by its content (not its name or
// declared type), re-encoded by sharp (metadata stripped, at most 512 px) and served with its type.
import type Koa from "koa";
import { ENDPOINTS as E, PHOTO_MAX_BYTES } from "@convergences/contract";
import { recordAudit } from "../audit.js";
import { appOf } from "../http.js";
import { mayOnAccount } from "../policy.js";
import { ApiError } from "../problem.js";
import { bind } from "../endpoint.js";
import { callOf, refuseUnless, seenUser } from "../use-cases/call.js";

/** His own photo, or an account-level right on him. */
async function photoTarget(ctx: Koa.Context, id: string) {
  const call = callOf(ctx);
  const placed = await seenUser(call, id, "user.photo");
  await refuseUnless(call, call.actor.userId === placed.id || mayOnAccount(call.actor, placed), "user.photo", placed);
  return placed;
}

const MAX_SIDE = 512;

export function sniffImage(b: Buffer): "jpeg" | "png" | "webp" | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "webp";
  return null;
}

async function readLimited(req: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError("PHOTO_TOO_LARGE");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const photoRoutes = [
  bind(E.voirLaPhoto, async (ctx, { params }) => {
    const placed = await seenUser(callOf(ctx), params.id, "user.read");
    const u = await appOf(ctx).db.prisma.user.findUnique({ where: { id: placed.id }, select: { photo: true, photoType: true } });
    if (!u?.photo || !u.photoType) throw new ApiError("PHOTO_NOT_FOUND");
    ctx.type = u.photoType;
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("Cache-Control", "private, max-age=300");
    ctx.set("Content-Security-Policy", "default-src 'none'");
    ctx.body = Buffer.from(u.photo);
    return undefined;
  }),

  bind(E.changerLaPhoto, async (ctx, { params }) => {
    const placed = await photoTarget(ctx, params.id);
    if (Number(ctx.get("content-length") || 0) > PHOTO_MAX_BYTES) throw new ApiError("PHOTO_TOO_LARGE");
    const raw = await readLimited(ctx.req, PHOTO_MAX_BYTES);
    const kind = sniffImage(raw);
    if (!kind) throw new ApiError("PHOTO_TYPE");
    let out: Buffer;
    try {
      // Loaded on the first upload only: sharp's native library costs the server ~28 MB of RSS from its start.
      const { default: sharp } = await import("sharp");
      const img = sharp(raw, { limitInputPixels: 40_000_000, failOn: "error" })
        .rotate()
        .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true });
      out = await (kind === "jpeg" ? img.jpeg({ quality: 85 }) : kind === "png" ? img.png() : img.webp({ quality: 85 })).toBuffer();
    } catch {
      throw new ApiError("PHOTO_TYPE", "Ce fichier n'est pas une image lisible : choisissez une photo JPEG, PNG ou WebP.");
    }
    const type = `image/${kind}`;
    const { prisma } = appOf(ctx).db;
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: placed.id }, data: { photo: new Uint8Array(out), photoType: type, photoUpdatedAt: new Date() } });
      await recordAudit(
        ctx,
        {
          action: "user.photo",
          targetType: "user",
          targetId: placed.id,
          targetLabel: placed.label,
          structureIds: placed.structureIds,
          after: { type, bytes: out.length },
        },
        tx,
      );
    });
    return { message: "La photo a été mise à jour.", photoUrl: `/api/v1/users/${placed.id}/photo?v=${Date.now()}`, type };
  }),

  bind(E.supprimerLaPhoto, async (ctx, { params }) => {
    const placed = await photoTarget(ctx, params.id);
    const { prisma } = appOf(ctx).db;
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: placed.id }, data: { photo: null, photoType: null, photoUpdatedAt: null } });
      await recordAudit(
        ctx,
        {
          action: "user.photo-delete",
          targetType: "user",
          targetId: placed.id,
          targetLabel: placed.label,
          structureIds: placed.structureIds,
        },
        tx,
      );
    });
    return { message: "La photo a été supprimée." };
  }),
];
