import { describe, expect, it } from "vitest";
import { highlightParts, readState, setRange, toApiQuery, toggleTerm, writeState } from "./searchState";

describe("search state in the URL", () => {
  it("reads and writes q, facet values, ranges, stock, sort and cursor", () => {
    const params = new URLSearchParams("q=M8+inox&f.attr.material=inox&f.attr.material=a2&f.supplier=acme&r.price=1.5..&in_stock=1&sort=price&cursor=c1");
    const state = readState(params);
    expect(state).toEqual({
      q: "M8 inox",
      terms: { "attr.material": ["inox", "a2"], supplier: ["acme"] },
      ranges: { price: { min: "1.5", max: null } },
      inStock: true,
      sort: "price",
      cursor: "c1",
    });
    expect(readState(writeState(state))).toEqual(state);
  });

  it("an unknown sort is relevance; an empty range is no range", () => {
    const state = readState(new URLSearchParams("sort=bogus&r.price=.."));
    expect(state.sort).toBe("relevance");
    expect(state.ranges).toEqual({});
    expect(writeState(state).toString()).toBe("");
  });

  it("ticking or unticking a facet value starts again at the first page", () => {
    const state = readState(new URLSearchParams("q=bolt&cursor=c2"));
    const ticked = toggleTerm(state, "attr.material", "inox", true);
    expect(writeState(ticked).toString()).toBe("q=bolt&f.attr.material=inox");
    expect(writeState(toggleTerm(ticked, "attr.material", "inox", false)).toString()).toBe("q=bolt");
    expect(writeState(setRange(state, "attr.length", { min: "10", max: "50" })).toString()).toBe("q=bolt&r.attr.length=10..50");
  });

  it("builds the API's query: filters as JSON, OR within a facet, ranges beside", () => {
    const state = readState(new URLSearchParams("q=bolt&f.category=c1&f.category=c2&r.price=..9.5&in_stock=1"));
    const api = toApiQuery(state, 24);
    expect(JSON.parse(api.filters ?? "")).toEqual({ category: ["c1", "c2"], price: { min: null, max: "9.5" } });
    expect(api).toMatchObject({ q: "bolt", in_stock: true, sort: "relevance", cursor: null, limit: 24 });
  });

  it("cuts a suggestion at its matched spans (overlaps and spans past the end are clipped)", () => {
    expect(highlightParts("Hex bolt M8 inox", [{ start: 12, end: 16 }, { start: 9, end: 11 }])).toEqual([
      { text: "Hex bolt ", marked: false },
      { text: "M8", marked: true },
      { text: " ", marked: false },
      { text: "inox", marked: true },
    ]);
    expect(highlightParts("M8", [{ start: 0, end: 1 }, { start: 0, end: 5 }])).toEqual([
      { text: "M", marked: true },
      { text: "8", marked: true },
    ]);
    expect(highlightParts("bolt", [])).toEqual([{ text: "bolt", marked: false }]);
  });

  it("a listing's category replaces the category facet's values in the API's filters (descendants are the server's)", () => {
    const state = readState(new URLSearchParams("category=c-1&f.category=c-9&f.attr.material=A2&q=m8"));
    expect(JSON.parse(toApiQuery(state, 24, "c-1").filters!)).toEqual({ category: ["c-1"], "attr.material": ["A2"] });
    expect(JSON.parse(toApiQuery(state, 24).filters!)).toEqual({ category: ["c-9"], "attr.material": ["A2"] });
    expect(JSON.parse(toApiQuery(readState(new URLSearchParams()), 24, "c-1").filters!)).toEqual({ category: ["c-1"] });
    expect(toApiQuery(readState(new URLSearchParams()), 24, null).filters).toBeNull();
  });
});
