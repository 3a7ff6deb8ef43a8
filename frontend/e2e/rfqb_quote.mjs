const base = "http://127.0.0.1:8731/api/v1";
async function call(method, path, body, token, extra = {}) {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}
const login = await call("POST", "/auth/login", { email: "owner@boltnut.demo", password: "Hansa-Demo-2026", mode: "bearer" });
const token = login.data.token;
const orgs = await call("GET", "/orgs", undefined, token);
const slug = (orgs.data.items ?? orgs.data).find((o) => o.kind === "supplier").slug;
const inbox = await call("GET", `/suppliers/${slug}/rfqs`, undefined, token);
const rfq = inbox.data.items[0];
const view = await call("GET", `/suppliers/${slug}/rfqs/${rfq.rfq_id}`, undefined, token);
const price = process.argv[2] ?? "1.20";
const lines = view.data.lines.map((l, i) => (i === 0 ? { line_id: l.id, status: "quoted", unit_price: price, breaks: [{ min_quantity: "100", unit_price: (Number(price) - 0.1).toFixed(2) }], moq: "10", lead_time_days: 7, sku: l.sku } : { line_id: l.id, status: "quoted", unit_price: "42.50", lead_time_days: 14, alternative: { description: "Bent steel plate, 3 mm" } }));
const put = await call("PUT", `/suppliers/${slug}/rfqs/${rfq.rfq_id}/draft`, { lines, payment_terms_days: 30, incoterms: "DAP", valid_until: "2026-12-31", note: "Prices incl. packaging" }, token);
console.log("put", put.status, JSON.stringify(put.data).slice(0, 300));
const send = await call("POST", `/suppliers/${slug}/rfqs/${rfq.rfq_id}/draft/send`, {}, token, { "Idempotency-Key": crypto.randomUUID() });
console.log("send", send.status, JSON.stringify(send.data).slice(0, 300));
const msg = await call("POST", `/suppliers/${slug}/rfqs/${rfq.rfq_id}/messages`, { body: `Revision at ${price}: tell us if you need another finish.` }, token);
console.log("msg", msg.status);
