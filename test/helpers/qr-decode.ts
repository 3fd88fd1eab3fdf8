/** Reads a QR code the way a phone camera would: PNG pixels → jsQR. */
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

type JsQR = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS (`module.exports = jsQR`, plus `.default`): take whichever is callable.
const jsQR: JsQR = (typeof jsQRModule === 'function' ? jsQRModule : (jsQRModule as unknown as { default: JsQR }).default) as JsQR;

/** Decodes a PNG QR code; throws when the image holds none. */
export function decodeQrPng(png: Buffer): string {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const decoded = jsQR(pixels, image.width, image.height);
  if (!decoded) throw new Error(`no QR code found in the ${image.width}x${image.height} PNG`);
  return decoded.data;
}

/** Decodes a `data:image/png;base64,…` URL (what an <img src> carries). */
export function decodeQrDataUrl(dataUrl: string): string {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!m) throw new Error(`not a PNG data URL: ${dataUrl.slice(0, 40)}…`);
  return decodeQrPng(Buffer.from(m[1], 'base64'));
}
