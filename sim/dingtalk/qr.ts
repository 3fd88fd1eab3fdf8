// QR codes as PNG data URIs (decodable by a browser test after a screenshot, or directly with jsQR).
import QRCode from 'qrcode';

export function qrPngDataUrl(text: string, width = 220): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width, type: 'image/png' });
}
