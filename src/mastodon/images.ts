import { crc32, deflateSync } from "node:zlib";

/**
 * Mastodon clients require an avatar and a header image for every account. Plaza keeps none
 * (yet), so every account points at these two plain images, served where Mastodon serves its own
 * "missing" ones.
 */
export const avatarPath = "/avatars/original/missing.png";
export const headerPath = "/headers/original/missing.png";

/** A PNG of one colour (8-bit RGB), small once deflated whatever its size. */
function solidPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  const bytes = new Uint8Array(new ArrayBuffer(png.length));
  bytes.set(png);
  return bytes;
}

let images: { avatar: Uint8Array<ArrayBuffer>; header: Uint8Array<ArrayBuffer> } | undefined;

/** Made on first use: Plaza's green for the avatar, a light grey for the header. */
export function defaultImages(): { avatar: Uint8Array<ArrayBuffer>; header: Uint8Array<ArrayBuffer> } {
  images ??= { avatar: solidPng(400, 400, [0x0b, 0x6e, 0x4f]), header: solidPng(1500, 500, [0xd9, 0xe2, 0xde]) };
  return images;
}
