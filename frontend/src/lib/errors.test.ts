import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { errorMessage, fieldErrors } from "./errors";

// a t() that shows which message was chosen
const t = ((key: string) => key) as Parameters<typeof errorMessage>[0];

describe("error codes the UI knows (<domain>.<reason>)", () => {
  it("puts an existing member next to the e-mail field", () => {
    const error = new ApiError(409, { code: "permissions.already_member", status: 409, detail: "already a member" });
    expect(fieldErrors(t, error)).toEqual({ email: "error.alreadyMember" });
  });

  it("says a taken slug and the core codes in the UI language", () => {
    expect(fieldErrors(t, new ApiError(409, { code: "tenants.slug_taken", status: 409 }))).toEqual({ slug: "error.slugTaken" });
    expect(errorMessage(t, new ApiError(429, { code: "http.rate_limited", status: 429 }))).toBe("error.rateLimited");
    expect(errorMessage(t, new ApiError(409, { code: "orgs.last_owner", status: 409 }))).toBe("error.lastOwner");
  });
});
