import { App, Card, Col, Empty, Flex, Input, Row, Tag, Tree, Typography } from "antd";
import type { EventDataNode } from "antd/es/tree";
import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { useClient, useQuery } from "urql";
import { PageHeader } from "../../components/page-header";
import { graphql } from "../../gql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { UnitDetail } from "./unit-detail";

const Children = graphql(`
  query UnitsPage_Children($parentId: ID) {
    units(parentId: $parentId) {
      id
      name
      kind
      active
      childCount
    }
  }
`);

const Search = graphql(`
  query UnitsPage_Search($search: String!) {
    units(search: $search) {
      id
      name
      kind
      ancestors {
        id
        name
      }
    }
    venues(first: 30, filter: { search: $search }) {
      nodes {
        id
        name
        type
        unit {
          id
          name
          ancestors {
            id
          }
        }
      }
    }
  }
`);

interface Node {
  key: string;
  isLeaf: boolean;
  unit: { name: string; kind: string; active: boolean };
  children?: Node[];
}

function replaceChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children }
      : n.children
        ? { ...n, children: replaceChildren(n.children, key, children) }
        : n,
  );
}

/** 单位与场所: a tree loaded a level at a time (a city has a thousand villages), searched on the server. */
export default function UnitsPage() {
  const { t } = useI18n();
  const label = useEnumLabel();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get("unit");
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState("");
  const clear = () => (setQuery(""), setSearch(""));
  const [tree, setTree] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const loaded = useRef(new Set<string>());

  const { message } = App.useApp();
  const errorText = useErrorText();
  // The tree is loaded once; switching the language re-renders its titles, it does not reload it.
  const say = useRef({ message, errorText });
  say.current = { message, errorText };
  const load = useCallback(
    async (parentId: string | null): Promise<Node[]> => {
      const r = await client.query(Children, { parentId }, { requestPolicy: "network-only" }).toPromise();
      if (r.error) {
        say.current.message.error(say.current.errorText(r.error));
        if (parentId) loaded.current.delete(parentId);
      }
      return (r.data?.units ?? []).map((u) => ({ key: u.id, isLeaf: u.childCount === 0, unit: u }));
    },
    [client],
  );

  /** Loads the children of each unit on the path that are not loaded yet, and opens the path. */
  const reveal = useCallback(
    async (path: string[]) => {
      for (const id of path) {
        if (loaded.current.has(id)) continue;
        loaded.current.add(id);
        const children = await load(id);
        setTree((t) => replaceChildren(t, id, children));
      }
      setExpanded((e) => [...new Set([...e, ...path])]);
    },
    [load],
  );

  // The top of your scope, opened one level, so that a manager sees their districts or townships at once.
  useEffect(() => {
    void load(null).then(async (roots) => {
      setTree(roots);
      await reveal(roots.filter((r) => !r.isLeaf).map((r) => r.key));
    });
  }, [load, reveal]);

  const [found] = useQuery({ query: Search, variables: { search: search.trim() }, pause: !search.trim() });
  const select = (id: string, path: string[] = []) => {
    setParams({ unit: id });
    if (path.length) void reveal(path);
  };

  return (
    <>
      <PageHeader title={t("units.title")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={9}>
          <Card size="small">
            <Input.Search
              aria-label={t("units.search")}
              placeholder={t("units.search")}
              allowClear
              value={query}
              onChange={(e) => (setQuery(e.target.value), e.target.value || setSearch(""))}
              onSearch={setSearch}
              enterButton={t("common.search")}
            />
            {search.trim() ? (
              <div style={{ marginTop: 12 }} aria-live="polite">
                <Typography.Text type="secondary">{t("units.results")}</Typography.Text>
                {found.data && !found.data.units.length && !found.data.venues.nodes.length && (
                  <Empty description={t("units.noResults")} />
                )}
                <Flex vertical component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {found.data?.units.map((u) => (
                    <li key={`u${u.id}`}>
                      <a
                        className="touch-row"
                        href={`?unit=${u.id}`}
                        onClick={(e) => (
                          e.preventDefault(),
                          select(
                            u.id,
                            u.ancestors.map((a) => a.id),
                          ),
                          clear()
                        )}
                        style={{ padding: "6px 0", display: "block" }}
                      >
                        {[...u.ancestors.map((a) => a.name), u.name].join(" / ")} <Tag>{label("UnitKind", u.kind)}</Tag>
                      </a>
                    </li>
                  ))}
                  {found.data?.venues.nodes.map((v) => (
                    <li key={`v${v.id}`}>
                      <a
                        className="touch-row"
                        href={`?unit=${v.unit.id}`}
                        onClick={(e) => (
                          e.preventDefault(),
                          select(v.unit.id, [...v.unit.ancestors.map((a) => a.id), v.unit.id]),
                          clear()
                        )}
                        style={{ padding: "6px 0", display: "block" }}
                      >
                        {v.name} <Tag color="blue">{label("VenueType", v.type)}</Tag>{" "}
                        <Typography.Text type="secondary">{v.unit.name}</Typography.Text>
                      </a>
                    </li>
                  ))}
                </Flex>
              </div>
            ) : (
              <Tree
                style={{ marginTop: 12 }}
                treeData={tree}
                titleRender={(n) => (
                  <span>
                    {n.unit.name} <Tag style={{ marginInlineStart: 4 }}>{label("UnitKind", n.unit.kind)}</Tag>
                    {!n.unit.active && <Tag color="default">{t("common.inactive")}</Tag>}
                  </span>
                )}
                selectedKeys={selected ? [selected] : []}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onSelect={(keys) => keys[0] && select(String(keys[0]))}
                loadData={async (node: EventDataNode<Node>) => {
                  if (node.children || loaded.current.has(String(node.key))) return;
                  loaded.current.add(String(node.key));
                  const children = await load(String(node.key));
                  setTree((t) => replaceChildren(t, String(node.key), children));
                }}
                virtual
                height={560}
                aria-label={t("units.title")}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={15}>
          {selected ? (
            <UnitDetail
              id={selected}
              onChanged={(parentId) => {
                if (parentId === null) void load(null).then(setTree);
                else void load(parentId).then((children) => setTree((t) => replaceChildren(t, parentId, children)));
              }}
              onSelect={(id) => select(id)}
            />
          ) : (
            <Card size="small">
              <Empty description={t("units.select")} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
