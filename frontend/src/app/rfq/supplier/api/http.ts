/** `/api/v1/suppliers/{slug}…`, the slug escaped: for the multipart uploads and the download links the generated client does not make. */
export function supplierPath(slug: string, tail: string): string {
  return `/api/v1/suppliers/${encodeURIComponent(slug)}${tail}`;
}

/** A fresh Idempotency-Key for one attempt (a retry of the same attempt reuses it). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
