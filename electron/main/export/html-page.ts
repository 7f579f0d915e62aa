/**
 * What every printed export shares: escaping, the base print stylesheet and
 * the page shell (no scripts, no external resources; a DRAFT watermark in the
 * document's own language when the visit is not signed).
 */
/** Escape text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const BASE_CSS = `
@page { size: Letter; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
h1 { margin: 0 0 4px; }
h2 { margin: 18px 0 6px; border-bottom: 2px solid #1f3a5f; padding-bottom: 2px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #9aa7b4; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
tr, li, .keep { break-inside: avoid; }
.muted { color: #444; }
.status { border: 2px solid #7a4b00; background: #fff6e0; padding: 6px 8px; margin: 8px 0; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120px; font-weight: bold;
  color: rgba(200, 0, 0, 0.14); transform: rotate(-30deg); z-index: 1000; pointer-events: none; }
.banner { border: 3px solid #b00020; color: #b00020; font-weight: bold; padding: 6px 8px; margin: 6px 0; }
.demo { display: inline-block; border: 1px solid #555; padding: 0 4px; font-size: 0.8em; }
`;

export function page(title: string, lang: string, css: string, body: string, draft: boolean, watermark = 'DRAFT'): string {
  return (
    `<!DOCTYPE html><html lang="${esc(lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>${esc(title)}</title><style>${BASE_CSS}${css}</style></head><body>` +
    (draft ? `<div class="watermark" aria-hidden="true">${esc(watermark)}</div>` : '') +
    body +
    `</body></html>`
  );
}
