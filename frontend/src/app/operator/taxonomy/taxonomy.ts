import type { Schemas } from "../../../api/client";
import type { MessageKey } from "../../../i18n/messages";

export type Category = Schemas["CategoryOut"];

export interface TreeNode {
  category: Category;
  children: TreeNode[];
}

/** The flat list (any order) as a tree, siblings by position. */
export function buildTree(categories: readonly Category[]): TreeNode[] {
  const nodes = new Map(categories.map((c) => [c.id, { category: c, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.category.parent_id ? nodes.get(node.category.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => a.category.position - b.category.position || a.category.name.localeCompare(b.category.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

export function siblingsOf(categories: readonly Category[], parentId: string | null): Category[] {
  return categories.filter((c) => (c.parent_id ?? null) === parentId).sort((a, b) => a.position - b.position);
}

export function hasChildren(categories: readonly Category[], id: string): boolean {
  return categories.some((c) => c.parent_id === id);
}

/** The category and everything below it (by materialised path). */
export function subtreeIds(categories: readonly Category[], category: Category): Set<string> {
  return new Set(categories.filter((c) => c.id === category.id || c.path.startsWith(`${category.path}/`)).map((c) => c.id));
}

/** Where a category may be moved: the top, or any category outside its own subtree. */
export function moveTargets(categories: readonly Category[], category: Category): Category[] {
  const excluded = subtreeIds(categories, category);
  return categories.filter((c) => !excluded.has(c.id));
}

/**
 * The move request that swaps a category with its previous (-1) or next (+1) sibling,
 * or null at the edge: `{parent_id, position}`, the index among the other siblings (the server renumbers).
 */
export function reorder(categories: readonly Category[], category: Category, direction: -1 | 1): { parent_id: string | null; position: number } | null {
  const siblings = siblingsOf(categories, category.parent_id ?? null);
  const index = siblings.findIndex((c) => c.id === category.id);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= siblings.length) return null;
  return { parent_id: category.parent_id ?? null, position: target };
}

export interface AttributeDraft {
  code: string;
  name: string;
  type: "text" | "number" | "boolean" | "enum";
  unit: string;
  allowed_values: string;
  required: boolean;
}

const CODE_RE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function splitValues(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The server's rules for an attribute schema, per row and field. */
export function validateAttributes(rows: readonly AttributeDraft[]): Record<string, MessageKey>[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const e: Record<string, MessageKey> = {};
    const code = row.code.trim();
    if (!code) e.code = "validation.required";
    else if (!CODE_RE.test(code) || code.length > 63) e.code = "attributes.codeFormat";
    else if (seen.has(code)) e.code = "attributes.codeDuplicate";
    seen.add(code);
    if (!row.name.trim()) e.name = "validation.required";
    const values = splitValues(row.allowed_values);
    if (row.type === "enum") {
      if (values.length === 0) e.allowed_values = "attributes.valuesRequired";
      else if (new Set(values).size !== values.length) e.allowed_values = "attributes.valuesDistinct";
    } else if (values.length) e.allowed_values = "attributes.valuesOnlyEnum";
    if (row.unit.trim() && row.type !== "number") e.unit = "attributes.unitOnlyNumber";
    else if (row.unit.trim().length > 20) e.unit = "attributes.unitLength";
    return e;
  });
}
