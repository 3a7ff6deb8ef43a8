import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithI18n } from "../../../test/utils";
import { VariantsTable } from "./VariantsTable";
import type { Attribute } from "./variantForm";

const schema: Attribute[] = [
  { id: "a-1", category_id: "c-1", code: "length_mm", name: "Length", type: "number", unit: "mm", required: true, position: 0 },
  { id: "a-2", category_id: "c-1", code: "fully_threaded", name: "Fully threaded", type: "boolean", required: false, position: 1 },
];

const product = {
  id: "p-1",
  name: "Hex bolt",
  description: "",
  status: "draft" as const,
  category_id: "c-1",
  unit_of_measure: "pcs",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  variants: [
    {
      id: "v-1",
      product_id: "p-1",
      sku: "HB-30",
      name: null,
      attributes: { length_mm: 30.5, fully_threaded: true },
      pack_size: "100",
      min_order_qty: "100",
      order_increment: "100",
      lead_time_days: 1,
      status: "active" as const,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    },
  ],
};

describe("the supplier's variants table (issue 9, items 13 and 30)", () => {
  it("names attributes by the schema, with units and the language's yes/no and numbers", () => {
    renderWithI18n(<VariantsTable slug="acme" product={product} schema={schema} />, "ro");
    const row = screen.getByText("HB-30").closest("tr")!;
    expect(row).toHaveTextContent("Length: 30,5 mm; Fully threaded: Da");
    expect(row).not.toHaveTextContent("length_mm");
    expect(row).toHaveTextContent("1 zi");
  });
});
