import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Drawer, Empty, Flex, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { formatDateTime } from "../lib/format";

const UnreadQuery = graphql(`
  query NotificationBell_Unread {
    notifications(unreadOnly: true, first: 1) {
      totalCount
    }
  }
`);

const ListQuery = graphql(`
  query NotificationBell_List {
    notifications(first: 30) {
      nodes {
        id
        kind
        message
        read
        createdAt
        task {
          id
        }
      }
    }
  }
`);

const MarkRead = graphql(`
  mutation NotificationBell_MarkRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

/** The unread count in the header (checked every minute) and the list in a drawer. */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [unread, refetchUnread] = useQuery({ query: UnreadQuery, requestPolicy: "network-only" });
  const [list, refetchList] = useQuery({ query: ListQuery, pause: !open, requestPolicy: "network-only" });
  const [, markRead] = useMutation(MarkRead);
  const count = unread.data?.notifications.totalCount ?? 0;

  useEffect(() => {
    const timer = setInterval(() => refetchUnread({ requestPolicy: "network-only" }), 60_000);
    return () => clearInterval(timer);
  }, [refetchUnread]);

  const mark = async (ids: string[] | null) => {
    await markRead({ ids });
    refetchUnread({ requestPolicy: "network-only" });
    refetchList({ requestPolicy: "network-only" });
  };

  const nodes = list.data?.notifications.nodes ?? [];
  return (
    <>
      <Badge count={count} size="small" offset={[-6, 6]}>
        <Button
          type="text"
          aria-label={`${t("nav.notifications")}${count ? ` (${t("notif.unread", { n: count })})` : ""}`}
          icon={<BellOutlined aria-hidden style={{ color: "#fff", fontSize: 18 }} />}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={`${t("notif.title")}${count ? ` · ${t("notif.unread", { n: count })}` : ""}`}
        size={420}
        extra={
          count > 0 && (
            <Button size="small" onClick={() => mark(null)}>
              {t("notif.markAll")}
            </Button>
          )
        }
      >
        {!nodes.length && !list.fetching && <Empty description={t("notif.empty")} />}
        <Flex vertical gap={8} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {nodes.map((n) => (
            <li
              key={n.id}
              style={{
                padding: 12,
                borderRadius: 6,
                background: n.read ? "#fafafa" : "#eff6ff",
                border: "1px solid #e5e7eb",
              }}
            >
              <Flex justify="space-between" align="center" gap={8}>
                <Tag color={n.kind === "REMINDER" ? "blue" : n.kind === "ESCALATION_2" ? "red" : "orange"}>
                  {t(`notif.kind.${n.kind}` as MessageKey)}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt, locale)}
                </Typography.Text>
              </Flex>
              <div style={{ margin: "6px 0" }}>
                {n.task ? (
                  <Link
                    to={`/tasks/${n.task.id}`}
                    onClick={() => {
                      // Opened is read.
                      if (!n.read) void mark([n.id]);
                      setOpen(false);
                    }}
                  >
                    {n.message}
                  </Link>
                ) : (
                  n.message
                )}
              </div>
              {!n.read && (
                <Button size="small" onClick={() => mark([n.id])}>
                  {t("notif.markRead")}
                </Button>
              )}
            </li>
          ))}
        </Flex>
      </Drawer>
    </>
  );
}
