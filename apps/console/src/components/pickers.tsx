import { Select } from "antd";
import { useDeferredValue, useState } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { useEnumLabel, useI18n } from "../i18n/i18n";

const UnitSearch = graphql(`
  query UnitPicker_Search($search: String) {
    units(search: $search) {
      id
      name
      kind
      ancestors {
        id
        name
      }
    }
  }
`);

const UnitById = graphql(`
  query UnitPicker_ById($id: ID!) {
    unit(id: $id) {
      id
      name
      ancestors {
        id
        name
      }
    }
  }
`);

const VenueById = graphql(`
  query VenuePicker_ById($id: ID!) {
    venue(id: $id) {
      id
      name
      unit {
        id
        name
        ancestors {
          id
          name
        }
      }
    }
  }
`);

const TopUnits = graphql(`
  query UnitPicker_Top {
    units {
      id
      name
      kind
      children {
        id
        name
        kind
      }
    }
  }
`);

interface PickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  "aria-label"?: string;
}

/** A select searched on the server: the options are what the server found for the typed text. */
function SearchSelect({
  value,
  onChange,
  placeholder,
  allowClear = true,
  options,
  selected,
  loading,
  onSearch,
  onOpen,
  ...rest
}: PickerProps & {
  options: { value: string; label: string }[];
  selected?: { value: string; label: string } | null;
  loading: boolean;
  onSearch(text: string): void;
  onOpen?(): void;
}) {
  // The chosen item is shown by its name even when the current search did not find it (a link set it).
  const all = selected && !options.some((o) => o.value === selected.value) ? [selected, ...options] : options;
  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      onOpenChange={(open) => open && onOpen?.()}
      options={all}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={loading}
      style={{ width: "100%" }}
      popupMatchSelectWidth={false}
    />
  );
}

/** A unit by name or code, searched on the server (a city has a thousand villages); empty: the top of your scope. */
export function UnitPicker({ value, onChange, placeholder, allowClear = true, ...rest }: PickerProps) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const label = useEnumLabel();
  const [found] = useQuery({ query: UnitSearch, variables: { search: deferred }, pause: !deferred });
  const [top] = useQuery({ query: TopUnits, pause: Boolean(deferred) });
  const [byId] = useQuery({ query: UnitById, variables: { id: value ?? "" }, pause: !value });
  const chosen = byId.data?.unit;
  const options = deferred
    ? (found.data?.units ?? []).map((u) => ({
        value: u.id,
        label: [...u.ancestors.map((a) => a.name), u.name].join(" / "),
      }))
    : (top.data?.units ?? [])
        .flatMap((u) => [u, ...u.children])
        .map((u) => ({ value: u.id, label: `${u.name} · ${label("UnitKind", u.kind)}` }));
  return (
    <SearchSelect
      {...rest}
      value={value}
      onChange={onChange}
      options={options}
      selected={
        chosen ? { value: chosen.id, label: [...chosen.ancestors.map((a) => a.name), chosen.name].join(" / ") } : null
      }
      placeholder={placeholder}
      allowClear={allowClear}
      loading={found.fetching || top.fetching}
      onSearch={setSearch}
    />
  );
}

const UserSearch = graphql(`
  query UserPicker_Search($search: String, $role: Role, $unitId: ID) {
    users(search: $search, role: $role, unitId: $unitId, first: 50) {
      nodes {
        id
        username
        displayName
        role
        unit {
          id
          name
        }
        venue {
          id
          name
        }
      }
    }
  }
`);

/** A user to give a task to, searched by username or name on the server. */
export function UserPicker({
  value,
  onChange,
  placeholder,
  role,
  unitId,
  allowClear = true,
  ...rest
}: PickerProps & { role?: Role; unitId?: string | null }) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const label = useEnumLabel();
  // Asked for when the list opens or a name is typed, not with every page that shows the picker.
  const [opened, setOpened] = useState(false);
  const [users] = useQuery({
    query: UserSearch,
    variables: { search: deferred || null, role: role ?? null, unitId: unitId ?? null },
    pause: !opened && !deferred,
  });
  const options = (users.data?.users.nodes ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName}（${u.username} · ${label("Role", u.role)}${u.venue ? ` · ${u.venue.name}` : u.unit ? ` · ${u.unit.name}` : ""}）`,
  }));
  return (
    <SearchSelect
      {...rest}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={users.fetching}
      onSearch={setSearch}
      onOpen={() => setOpened(true)}
    />
  );
}

const VenueSearch = graphql(`
  query VenuePicker_Search($search: String) {
    venues(first: 30, filter: { search: $search }) {
      nodes {
        id
        name
        code
        type
        unit {
          id
          name
          ancestors {
            id
            name
          }
        }
      }
    }
  }
`);

/** A venue by name or code. */
export function VenuePicker({ value, onChange, placeholder, allowClear = true, ...rest }: PickerProps) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const { t } = useI18n();
  const label = useEnumLabel();
  const [opened, setOpened] = useState(false);
  const [venues] = useQuery({
    query: VenueSearch,
    variables: { search: deferred || null },
    pause: !opened && !deferred,
  });
  const [byId] = useQuery({ query: VenueById, variables: { id: value ?? "" }, pause: !value });
  const chosen = byId.data?.venue;
  // Many villages share a name (春光社区 in two districts): the unit's path tells them apart.
  const path = (u: { name: string; ancestors: { name: string }[] }) =>
    [...u.ancestors.slice(1).map((a) => a.name), u.name].join(" / ");
  const options = (venues.data?.venues.nodes ?? []).map((v) => ({
    value: v.id,
    label: `${v.name}（${label("VenueType", v.type)} · ${path(v.unit)}）`,
  }));
  return (
    <SearchSelect
      {...rest}
      value={value}
      onChange={onChange}
      options={options}
      selected={chosen ? { value: chosen.id, label: `${chosen.name}（${path(chosen.unit)}）` } : null}
      placeholder={placeholder ?? t("common.search")}
      allowClear={allowClear}
      loading={venues.fetching}
      onSearch={setSearch}
      onOpen={() => setOpened(true)}
    />
  );
}
