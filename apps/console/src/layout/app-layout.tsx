import {
  AppstoreOutlined,
  ApartmentOutlined,
  BookOutlined,
  DashboardOutlined,
  ExclamationCircleOutlined,
  MenuOutlined,
  TeamOutlined,
  TrophyOutlined,
} from "@ant-design/icons";
import { App as AntApp, Button, Drawer, Layout, Menu, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n/i18n";
import { CampaignProvider, useCampaign } from "../lib/campaign";
import { can, useSession, useUser, type SessionUser } from "../lib/session";
import { useIsMobile, useOnline } from "../lib/use-mobile";
import { LanguageSwitch } from "./language-switch";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";

const MeQuery = graphql(`
  query AppLayout_Me {
    me {
      id
      username
      displayName
      role
      unit {
        id
        name
        kind
      }
      venue {
        id
        name
        type
      }
    }
  }
`);

function useMenuItems(user: SessionUser) {
  const { t } = useI18n();
  const mine = user.role === "ASSESSOR" || user.role === "VENUE_STAFF";
  const items = [
    { key: "/", icon: <DashboardOutlined aria-hidden />, label: t("nav.dashboard") },
    { key: "/tasks", icon: <AppstoreOutlined aria-hidden />, label: t(mine ? "nav.myTasks" : "nav.tasks") },
    { key: "/problems", icon: <ExclamationCircleOutlined aria-hidden />, label: t("nav.problems") },
    can.seeUnits(user) && { key: "/units", icon: <ApartmentOutlined aria-hidden />, label: t("nav.units") },
    can.manage(user) && { key: "/users", icon: <TeamOutlined aria-hidden />, label: t("nav.users") },
    can.seeEvaluation(user) && { key: "/evaluation", icon: <TrophyOutlined aria-hidden />, label: t("nav.evaluation") },
    { key: "/rubrics", icon: <BookOutlined aria-hidden />, label: t("nav.rubrics") },
  ].filter((x): x is Exclude<typeof x, false> => Boolean(x));
  return items.map((i) => ({ ...i, label: <Link to={i.key}>{i.label}</Link> }));
}

const selectedKey = (path: string) => (path === "/" ? "/" : "/" + path.split("/")[1]);

function CampaignPicker({ dark = false }: { dark?: boolean }) {
  const { campaigns, campaign, select } = useCampaign();
  const { t } = useI18n();
  if (campaigns.length < 2)
    return campaign ? (
      <Typography.Text style={dark ? { color: "#dbeafe" } : undefined}>{campaign.name}</Typography.Text>
    ) : null;
  return (
    <Select
      aria-label={t("common.campaign")}
      value={campaign?.id}
      onChange={select}
      options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
      style={{ minWidth: 160 }}
    />
  );
}

/** The frame of every signed-in page: navigation, campaign, notifications, language, the user. */
export default function AppLayout() {
  const user = useUser();
  const { token, signIn } = useSession();
  const { t } = useI18n();
  const mobile = useIsMobile();
  const online = useOnline();
  const location = useLocation();
  const [drawer, setDrawer] = useState(false);
  const [{ data }] = useQuery({ query: MeQuery });
  const items = useMenuItems(user);

  // The role or unit may have changed since sign-in: the server's answer replaces the stored one.
  useEffect(() => {
    if (data?.me && token && JSON.stringify(data.me) !== JSON.stringify(user)) signIn(token, data.me as SessionUser);
  }, [data, token, user, signIn]);
  useEffect(() => setDrawer(false), [location.pathname]);

  const menu = (
    <Menu
      mode="inline"
      theme={mobile ? "light" : "dark"}
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      style={{ borderInlineEnd: 0, background: "transparent" }}
    />
  );

  return (
    <AntApp>
      <CampaignProvider>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <Layout style={{ minHeight: "100vh" }}>
          {!mobile && (
            <Layout.Sider width={208} style={{ background: "#0f1f4d" }}>
              <nav aria-label={t("nav.menu")}>
                <div style={{ color: "#fff", fontWeight: 600, padding: "18px 20px", fontSize: 16, lineHeight: 1.4 }}>
                  {t("app.short")}
                </div>
                {menu}
              </nav>
            </Layout.Sider>
          )}
          <Layout>
            <Layout.Header
              style={{
                background: "#1d4ed8",
                padding: mobile ? "0 4px" : "0 16px",
                display: "flex",
                alignItems: "center",
                gap: 8,
                height: 56,
                lineHeight: "56px",
              }}
            >
              {mobile && (
                <Button
                  type="text"
                  aria-label={t("nav.menu")}
                  icon={<MenuOutlined aria-hidden style={{ color: "#fff", fontSize: 18 }} />}
                  onClick={() => setDrawer(true)}
                />
              )}
              {mobile ? (
                <span
                  style={{
                    color: "#fff",
                    fontWeight: 600,
                    flex: 1,
                    whiteSpace: "nowrap",
                    overflow: "hidden",
                    textOverflow: "ellipsis",
                  }}
                >
                  {t("app.short")}
                </span>
              ) : (
                <div style={{ flex: 1 }}>
                  <CampaignPicker dark />
                </div>
              )}
              {!online && <span style={{ color: "#fde68a", fontSize: 13 }}>{t("common.offline")}</span>}
              <NotificationBell />
              {!mobile && <LanguageSwitch dark />}
              <UserMenu />
            </Layout.Header>
            <Layout.Content id="main" tabIndex={-1} style={{ padding: mobile ? 8 : 20, minWidth: 0 }}>
              <Outlet />
            </Layout.Content>
          </Layout>
        </Layout>
        {mobile && (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={260} title={t("app.short")}>
            <nav aria-label={t("nav.menu")}>{menu}</nav>
            <div style={{ padding: "12px 0" }}>
              <CampaignPicker />
            </div>
            <LanguageSwitch />
          </Drawer>
        )}
      </CampaignProvider>
    </AntApp>
  );
}
