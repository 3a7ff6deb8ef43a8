import { useState } from "react";
import { Link, useParams } from "react-router";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { EditableIf, Permitted } from "../../../session/Permitted";
import { useMoveCategory, useTaxonomy } from "../api/taxonomy";
import "../operator.css";
import { CategoryPanel } from "./CategoryPanel";
import { NewCategory } from "./NewCategory";
import { buildTree, reorder, type Category, type TreeNode } from "./taxonomy";

/** Operator console: one vertical marketplace's category tree and each category's attribute schema. */
export function Taxonomy() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const tree = useTaxonomy(id);
  const moveCategory = useMoveCategory(id);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!tree.data) {
    return (
      <div className="page">
        <p>
          <Link to="/app/operator/marketplaces">← {t("markets.back")}</Link>
        </p>
        <LoadState error={tree.error ?? undefined} onRetry={() => void tree.refetch()} />
      </div>
    );
  }

  const categories = tree.data.categories;
  const current = categories.find((c) => c.id === selected) ?? null;
  // every change reloads the tree (the mutations invalidate it)
  const changed = (message: string) => {
    setNotice(message);
    setActionError(null);
  };
  const move = async (category: Category, direction: -1 | 1) => {
    const body = reorder(categories, category, direction);
    if (!body) return;
    try {
      await moveCategory.mutateAsync({ id: category.id, body });
      changed(t("taxonomy.moved", { name: category.name }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  return (
    <div className="page">
      <p>
        <Link to="/app/operator/marketplaces">← {t("markets.back")}</Link>
      </p>
      <h1>{t("taxonomy.title", { name: tree.data.marketplace.name })}</h1>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <div className="split">
        <section className="card" aria-labelledby="tree-title">
          <h2 id="tree-title">{t("taxonomy.tree")}</h2>
          {categories.length === 0 ? (
            <p className="state state--empty">{t("taxonomy.empty")}</p>
          ) : (
            <CategoryList nodes={buildTree(categories)} selected={selected} onSelect={setSelected} onMove={(c, d) => void move(c, d)} />
          )}
          <Permitted action="marketplaces.manage">
            <NewCategory marketplaceId={id} categories={categories} parentId={selected} onCreated={(c) => changed(t("taxonomy.created", { name: c.name }))} />
          </Permitted>
        </section>
        {current ? (
          <EditableIf action="marketplaces.manage">
            <CategoryPanel
              key={current.id + current.path}
              marketplaceId={id}
              category={current}
              categories={categories}
              onChanged={changed}
              onDeleted={(name) => {
                setSelected(null);
                changed(t("taxonomy.deleted", { name }));
              }}
            />
          </EditableIf>
        ) : (
          <section className="card">
            <p className="muted">{t("taxonomy.pick")}</p>
          </section>
        )}
      </div>
    </div>
  );
}

function CategoryList(props: { nodes: TreeNode[]; selected: string | null; onSelect: (id: string) => void; onMove: (c: Category, d: -1 | 1) => void }) {
  const { t } = useI18n();
  const { nodes, selected, onSelect, onMove } = props;
  return (
    <ul className="tree">
      {nodes.map((node, i) => (
        <li key={node.category.id}>
          <div className={`tree__row${selected === node.category.id ? " tree__row--selected" : ""}`}>
            <button type="button" className="button button--link" aria-pressed={selected === node.category.id} onClick={() => onSelect(node.category.id)}>
              {node.category.name}
            </button>
            <code className="muted">{node.category.slug}</code>
            <Permitted action="marketplaces.manage">
              <Button className="button--icon" isDisabled={i === 0} onPress={() => onMove(node.category, -1)} aria-label={t("taxonomy.up", { name: node.category.name })}>
                ↑
              </Button>
              <Button className="button--icon" isDisabled={i === nodes.length - 1} onPress={() => onMove(node.category, 1)} aria-label={t("taxonomy.down", { name: node.category.name })}>
                ↓
              </Button>
            </Permitted>
          </div>
          {node.children.length > 0 && <CategoryList {...props} nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}
