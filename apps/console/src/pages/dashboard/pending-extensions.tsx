import { Card, Flex, Typography } from "antd";
import { Link } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { formatDate } from "../../lib/format";

const PendingQuery = graphql(`
  query Dashboard_PendingExtensions {
    extensions(status: REQUESTED) {
      id
      requestedDueAt
      reason
      requestedBy {
        id
        displayName
      }
      task {
        id
        venue {
          id
          name
        }
        unit {
          id
          name
        }
      }
    }
  }
`);

/** 待审批的延期申请: the city's queue of extension requests, each a link to its task. */
export function PendingExtensions() {
  const { t, locale } = useI18n();
  const [{ data }] = useQuery({ query: PendingQuery });
  const rows = data?.extensions ?? [];
  return (
    <Card size="small" title={`${t("dash.extensions")}${rows.length ? ` (${rows.length})` : ""}`}>
      {!rows.length && <Typography.Text type="secondary">{t("dash.noExtensions")}</Typography.Text>}
      <Flex vertical gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {rows.slice(0, 8).map((e) => (
          <li key={e.id}>
            {e.task ? <Link to={`/tasks/${e.task.id}`}>{e.task.venue?.name ?? e.task.unit?.name}</Link> : "—"}
            <Typography.Text type="secondary">
              {" "}
              · {t("due.extensionTo", { date: formatDate(e.requestedDueAt, locale) })} · {e.requestedBy?.displayName}
            </Typography.Text>
            <div
              style={{
                fontSize: 12,
                color: "rgba(0,0,0,0.62)",
                overflow: "hidden",
                textOverflow: "ellipsis",
                whiteSpace: "nowrap",
              }}
            >
              {e.reason}
            </div>
          </li>
        ))}
      </Flex>
    </Card>
  );
}
