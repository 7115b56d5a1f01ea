// Photos: downscaled in the browser to a JPEG of at most 1600 px on the long edge, kept as Blobs
// in IndexedDB under their media UUID until the outbox has sent them. The original's EXIF block
// (time and GPS, which the server checks) is carried over with the orientation reset.

import { byIndex, run } from "./db.js";

export const MAX_EDGE = 1600;
const THUMB_EDGE = 320;

function fit(width, height, edge) {
  const scale = Math.min(1, edge / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

async function encode(bitmap, width, height, quality) {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: "image/jpeg", quality });
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

/** The APP1 "Exif" segment of a JPEG (marker included), orientation set to 1; or null. */
export function exifSegment(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (marker === 0xda || marker === 0xd9) return null; // image data starts: no EXIF
    const isExif =
      marker === 0xe1 && String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === "Exif" && bytes[offset + 8] === 0;
    if (isExif) {
      const segment = bytes.slice(offset, offset + 2 + length);
      resetOrientation(segment);
      return segment;
    }
    offset += 2 + length;
  }
  return null;
}

function resetOrientation(segment) {
  const tiff = 10; // marker (2) + length (2) + "Exif\0\0" (6)
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  if (segment.length < tiff + 8) return;
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > segment.length) return;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > segment.length) return;
    if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little);
  }
}

/** Put an EXIF segment right after the SOI of a JPEG, dropping its JFIF APP0. */
async function withExif(jpeg, segment) {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  let rest = 2;
  if (bytes[2] === 0xff && bytes[3] === 0xe0) rest = 4 + ((bytes[4] << 8) | bytes[5]);
  return new Blob([bytes.subarray(0, 2), segment, bytes.subarray(rest)], { type: "image/jpeg" });
}

/** Downscale a picked or captured image: {blob, thumb, width, height}. */
export async function preparePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const [width, height] = fit(bitmap.width, bitmap.height, MAX_EDGE);
    const [thumbWidth, thumbHeight] = fit(bitmap.width, bitmap.height, THUMB_EDGE);
    let blob = await encode(bitmap, width, height, 0.85);
    const thumb = await encode(bitmap, thumbWidth, thumbHeight, 0.7);
    const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
    const exif = exifSegment(head);
    if (exif) blob = await withExif(blob, exif);
    return { blob, thumb, width, height };
  } finally {
    bitmap.close();
  }
}

/** Re-encode a stored photo smaller (the server refused its size): {blob, width, height}. */
export async function shrinkPhoto(blob, scale) {
  const bitmap = await createImageBitmap(blob);
  try {
    const [width, height] = fit(bitmap.width, bitmap.height, Math.max(320, Math.round(Math.max(bitmap.width, bitmap.height) * scale)));
    let smaller = await encode(bitmap, width, height, 0.7);
    const exif = exifSegment(new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer()));
    if (exif) smaller = await withExif(smaller, exif);
    return { blob: smaller, width, height };
  } finally {
    bitmap.close();
  }
}

/** Keep a prepared photo for a visit's question; returns its media UUID. */
export async function storePhoto(visitId, question, prepared) {
  const uuid = crypto.randomUUID();
  await run(["media"], "readwrite", (s) =>
    s.media.put({ uuid, visitId, question, ...prepared, sent: false, createdAt: new Date().toISOString() }),
  );
  return uuid;
}

/** The photos of a visit by UUID (thumbnails for the checklist). */
export async function photosOf(visitId) {
  const photos = await byIndex("media", "visit", visitId);
  return new Map(photos.map((m) => [m.uuid, m]));
}

/** Forget a photo that was never sent (removed from its answer). */
export async function dropPhoto(uuid) {
  await run(["media", "outbox"], "readwrite", async (s) => {
    const media = await s.media.get(uuid);
    const queued = await s.outbox.get(uuid);
    if (media && !media.sent && !queued) await s.media.delete(uuid);
  });
}
