import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { api, call } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { LoadState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { slugify, validateSlug } from "../../lib/validation";
import { AttributeEditor } from "./AttributeEditor";
import { buildTree, hasChildren, moveTargets, reorder, type Category, type TreeNode } from "./taxonomy";
import { EditableIf, Permitted } from "../../session/Permitted";

/** Operator console: one vertical marketplace's category tree and each category's attribute schema. */
export function Taxonomy() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const tree = useResource(() => call(api.GET("/api/v1/operator/marketplaces/{marketplace_id}/categories", { params: { path: { marketplace_id: id } } })), `tree:${id}`);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!tree.data) {
    return (
      <div className="page">
        <p>
          <Link to="/app/operator/marketplaces">← {t("markets.back")}</Link>
        </p>
        <LoadState error={tree.error} onRetry={tree.reload} />
      </div>
    );
  }

  const categories = tree.data.categories;
  const current = categories.find((c) => c.id === selected) ?? null;
  const changed = (message: string) => {
    setNotice(message);
    setActionError(null);
    tree.reload();
  };
  const move = async (category: Category, direction: -1 | 1) => {
    const body = reorder(categories, category, direction);
    if (!body) return;
    try {
      await call(api.POST("/api/v1/operator/categories/{category_id}/move", { params: { path: { category_id: category.id } }, body }));
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
            <button type="button" className="button button--icon" disabled={i === 0} onClick={() => onMove(node.category, -1)} aria-label={t("taxonomy.up", { name: node.category.name })}>
              ↑
            </button>
            <button
              type="button"
              className="button button--icon"
              disabled={i === nodes.length - 1}
              onClick={() => onMove(node.category, 1)}
              aria-label={t("taxonomy.down", { name: node.category.name })}
            >
              ↓
            </button>
            </Permitted>
          </div>
          {node.children.length > 0 && <CategoryList {...props} nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}

function NewCategory({ marketplaceId, categories, parentId, onCreated }: { marketplaceId: string; categories: Category[]; parentId: string | null; onCreated: (c: Category) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [parent, setParent] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosenParent = parent ?? parentId ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("validation.required");
    const slugValue = slug || slugify(name);
    const slugError = validateSlug(slugValue);
    if (slugError) local.slug = t(slugError);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const created = await call(
        api.POST("/api/v1/operator/marketplaces/{marketplace_id}/categories", {
          params: { path: { marketplace_id: marketplaceId } },
          body: { name: name.trim(), slug: slugValue, parent_id: chosenParent || null },
        }),
      );
      setName("");
      setSlug("");
      onCreated(created);
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { status?: number }).status === 409 && !fields.slug) fields.slug = errorMessage(t, error);
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-category">
      <h3 id="add-category">{t("taxonomy.add")}</h3>
      <FormAlert message={formError} />
      <TextField label={t("taxonomy.name")} value={name} onValue={setName} error={errors.name} maxLength={200} />
      <TextField label={t("taxonomy.slug")} value={slug} onValue={setSlug} error={errors.slug} placeholder={slugify(name)} maxLength={63} />
      <SelectField
        label={t("taxonomy.parent")}
        value={chosenParent}
        onValue={setParent}
        options={[{ value: "", label: t("taxonomy.top") }, ...categories.map((c) => ({ value: c.id, label: c.path }))]}
      />
      <SubmitButton busy={busy}>{t("taxonomy.addButton")}</SubmitButton>
    </form>
  );
}

function CategoryPanel({ category, categories, onChanged, onDeleted }: { category: Category; categories: Category[]; onChanged: (m: string) => void; onDeleted: (name: string) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(category.name);
  const [slug, setSlug] = useState(category.slug);
  const [parent, setParent] = useState(category.parent_id ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { category_id: category.id } } };
  const empty = !hasChildren(categories, category.id);

  const run = async (work: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setFormError(null);
    try {
      await work();
      done();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { status?: number }).status === 409 && !fields.slug) fields.slug = errorMessage(t, error);
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : form);
    } finally {
      setBusy(false);
    }
  };

  const rename = (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("validation.required");
    const slugError = validateSlug(slug);
    if (slugError) local.slug = t(slugError);
    setErrors(local);
    if (Object.keys(local).length) return;
    void run(
      () => call(api.PATCH("/api/v1/operator/categories/{category_id}", { ...path, body: { name: name.trim(), slug } })),
      () => onChanged(t("taxonomy.renamed", { name: name.trim() })),
    );
  };
  const move = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => call(api.POST("/api/v1/operator/categories/{category_id}/move", { ...path, body: { parent_id: parent || null } })),
      () => onChanged(t("taxonomy.moved", { name: category.name })),
    );
  };
  const remove = () => {
    if (!window.confirm(t("taxonomy.confirmDelete", { name: category.name }))) return;
    void run(
      () => call(api.DELETE("/api/v1/operator/categories/{category_id}", path)),
      () => onDeleted(category.name),
    );
  };

  return (
    <section className="card" aria-labelledby="category-title">
      <h2 id="category-title">{category.name}</h2>
      <p className="muted">
        <code>{category.path}</code>
      </p>
      <FormAlert message={formError} />
      <form className="inline-form inline-form--row" noValidate onSubmit={rename} aria-label={t("taxonomy.rename")}>
        <TextField label={t("taxonomy.name")} value={name} onValue={setName} error={errors.name} maxLength={200} />
        <TextField label={t("taxonomy.slug")} value={slug} onValue={setSlug} error={errors.slug} maxLength={63} />
        <SubmitButton busy={busy}>{t("taxonomy.rename")}</SubmitButton>
      </form>
      <form className="inline-form inline-form--row" noValidate onSubmit={move} aria-label={t("taxonomy.move")}>
        <SelectField
          label={t("taxonomy.moveUnder")}
          value={parent}
          onValue={setParent}
          options={[{ value: "", label: t("taxonomy.top") }, ...moveTargets(categories, category).map((c) => ({ value: c.id, label: c.path }))]}
        />
        <SubmitButton busy={busy}>{t("taxonomy.move")}</SubmitButton>
      </form>
      <p>
        <button type="button" className="button button--danger" disabled={!empty || busy} onClick={remove} aria-describedby={empty ? undefined : "delete-hint"}>
          {t("taxonomy.delete")}
        </button>
        {!empty && (
          <span id="delete-hint" className="field__hint">
            {" "}
            {t("taxonomy.notEmpty")}
          </span>
        )}
      </p>
      <AttributeEditor category={category} onSaved={() => onChanged(t("attributes.saved", { name: category.name }))} />
    </section>
  );
}
