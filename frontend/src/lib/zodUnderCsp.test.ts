import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import "./zodUnderCsp";

afterEach(() => vi.restoreAllMocks());

describe("zod under the CSP (no 'unsafe-eval')", () => {
  it("parses objects without generating code", () => {
    const generated = vi.spyOn(globalThis, "Function");
    const schema = z.object({ name: z.string().min(1), rows: z.array(z.object({ code: z.string() })) });
    for (let i = 0; i < 3; i += 1) expect(schema.parse({ name: "a", rows: [{ code: "x" }] })).toEqual({ name: "a", rows: [{ code: "x" }] });
    expect(generated).not.toHaveBeenCalled();
  });
});
