// Draws the Teams app icons (manifest/color.png 192x192, manifest/outline.png 32x32): a shield with a check mark.
// Plain RGBA PNGs written with node:zlib, supersampled for smooth edges. Run: npx tsx scripts/make-teams-icons.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const AZURE_BLUE: Rgba = [0, 120, 212, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Inside the shield, in coordinates where the icon spans [-1, 1] on both axes (y grows downwards). */
function inShield(x: number, y: number, scale: number): boolean {
  const u = x / scale;
  const v = y / scale;
  const halfWidth = 0.72;
  const top = -0.78 + 0.12 * (u / halfWidth) ** 2;
  if (v < top || v > 0.92) return false;
  if (v <= 0.08) return Math.abs(u) <= halfWidth;
  const taper = (v - 0.08) / 0.84;
  return Math.abs(u) <= halfWidth * Math.sqrt(Math.max(0, 1 - taper ** 2));
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function onCheck(x: number, y: number, scale: number, thickness: number): boolean {
  const u = x / scale;
  const v = y / scale;
  const first = distanceToSegment(u, v, -0.34, 0.02, -0.1, 0.28);
  const second = distanceToSegment(u, v, -0.1, 0.28, 0.36, -0.22);
  return Math.min(first, second) <= thickness;
}

function drawIcon(size: number, colorAt: (x: number, y: number) => Rgba): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0: no filter
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / samples) / size) * 2 - 1;
          const color = colorAt(x, y);
          // Premultiplied, so that edges against a transparent background do not darken.
          for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (color[c] ?? 0) * (color[3] / 255);
          sum[3] = (sum[3] ?? 0) + color[3];
        }
      }
      const n = samples * samples;
      const alpha = (sum[3] ?? 0) / n;
      for (let c = 0; c < 3; c++) {
        row[1 + px * 4 + c] = alpha === 0 ? 0 : Math.round(((sum[c] ?? 0) / n) * (255 / alpha));
      }
      row[1 + px * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  return encodePng(size, size, Buffer.concat(rows));
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(width: number, height: number, filteredRows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filteredRows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Colour icon: white shield on Azure blue, the check mark cut out in blue. */
export function drawColorIcon(): Buffer {
  return drawIcon(192, (x, y) => {
    if (!inShield(x, y, 0.62)) return AZURE_BLUE;
    return onCheck(x, y, 0.62, 0.11) ? AZURE_BLUE : WHITE;
  });
}

/** Outline icon: white on transparent, as Teams requires; the check mark is see-through. */
export function drawOutlineIcon(): Buffer {
  return drawIcon(32, (x, y) => {
    if (!inShield(x, y, 0.9)) return CLEAR;
    return onCheck(x, y, 0.9, 0.13) ? CLEAR : WHITE;
  });
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '../manifest');
  writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
  writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
  console.log(`wrote ${dir}/color.png (192x192) and ${dir}/outline.png (32x32)`);
}
