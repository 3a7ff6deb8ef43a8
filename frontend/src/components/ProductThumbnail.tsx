import type { CSSProperties } from "react";

/** The pixel box of a list thumbnail: the server's smallest rendition is fitted into 160 px. */
export const THUMB_BOX = 96;

const BOX: CSSProperties = { width: THUMB_BOX, height: THUMB_BOX, objectFit: "contain", borderRadius: 4, display: "block" };
// a neutral box of the same size, so a card without an image lines up with the others
const PLACEHOLDER: CSSProperties = { ...BOX, background: "var(--border, #e3e6ec)" };

/** A product's thumbnail for cards and lists, lazy-loaded in a fixed box (no layout shift); a neutral box when there is none. */
export function ProductThumbnail({ url, size = THUMB_BOX }: { url: string | null | undefined; size?: number }) {
  const box = { ...BOX, width: size, height: size };
  if (!url) return <span className="thumb-placeholder" data-testid="thumb-placeholder" aria-hidden="true" style={{ ...PLACEHOLDER, width: size, height: size }} />;
  return <img src={url} alt="" width={size} height={size} loading="lazy" decoding="async" style={box} />;
}
