import { describe, expect, it } from "vitest";
import { buildTree, hasChildren, moveTargets, reorder, validateAttributes, type Category } from "./taxonomy";

function cat(id: string, path: string, parent: string | null, position: number): Category {
  const slug = path.split("/").pop() ?? path;
  return { id, marketplace_id: "m", parent_id: parent, path, slug, name: slug, depth: path.split("/").length - 1, position };
}

const CATEGORIES = [
  cat("f", "fasteners", null, 0),
  cat("b", "fasteners/bolts", "f", 1),
  cat("n", "fasteners/nuts", "f", 0),
  cat("h", "fasteners/bolts/hex", "b", 0),
  cat("t", "tools", null, 1),
];

describe("taxonomy tree operations", () => {
  it("builds the tree with siblings by position", () => {
    const tree = buildTree(CATEGORIES);
    expect(tree.map((n) => n.category.id)).toEqual(["f", "t"]);
    expect(tree[0]?.children.map((n) => n.category.id)).toEqual(["n", "b"]);
    expect(tree[0]?.children[1]?.children.map((n) => n.category.id)).toEqual(["h"]);
    expect(hasChildren(CATEGORIES, "b")).toBe(true);
    expect(hasChildren(CATEGORIES, "h")).toBe(false);
  });

  it("reorders among siblings and stops at the edges", () => {
    const bolts = CATEGORIES[1]!;
    expect(reorder(CATEGORIES, bolts, -1)).toEqual({ parent_id: "f", position: 0 });
    expect(reorder(CATEGORIES, bolts, 1)).toBeNull();
    expect(reorder(CATEGORIES, CATEGORIES[0]!, 1)).toEqual({ parent_id: null, position: 1 });
  });

  it("never offers a move under the category itself or its descendants", () => {
    const targets = moveTargets(CATEGORIES, CATEGORIES[1]!).map((c) => c.id);
    expect(targets).toEqual(["f", "n", "t"]);
  });

  it("checks attribute definitions like the server", () => {
    const errors = validateAttributes([
      { code: "thread", name: "Thread", type: "enum", unit: "", allowed_values: "M6, M8", required: true },
      { code: "Length", name: "", type: "text", unit: "mm", allowed_values: "", required: false },
      { code: "thread", name: "Again", type: "enum", unit: "", allowed_values: "", required: false },
    ]);
    expect(errors[0]).toEqual({});
    expect(errors[1]).toEqual({ code: "attributes.codeFormat", name: "validation.required", unit: "attributes.unitOnlyNumber" });
    expect(errors[2]).toEqual({ code: "attributes.codeDuplicate", allowed_values: "attributes.valuesRequired" });
  });
});
