import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import type { CampaignContext_CampaignsQuery } from "../gql/graphql";

const CampaignsQuery = graphql(`
  query CampaignContext_Campaigns {
    campaigns {
      id
      year
      name
      selfCheckDue
      unifiedAssessmentDue
      convenienceAssessmentDue
      recheckDue
      annualReportDue
      rectificationDays
      version
    }
  }
`);

export type Campaign = CampaignContext_CampaignsQuery["campaigns"][number];

interface CampaignValue {
  campaigns: Campaign[];
  campaign: Campaign | null;
  select(id: string): void;
  fetching: boolean;
}

const Ctx = createContext<CampaignValue | null>(null);
const KEY = "assess.campaign";

/** The campaign the console works on: the one picked in this browser, else the latest year. */
export function CampaignProvider({ children }: { children: ReactNode }) {
  const [{ data, fetching }] = useQuery({ query: CampaignsQuery });
  const [picked, setPicked] = useState<string | null>(() => localStorage.getItem(KEY));
  const campaigns = useMemo(() => [...(data?.campaigns ?? [])].sort((a, b) => b.year - a.year), [data]);
  const campaign = campaigns.find((c) => c.id === picked) ?? campaigns[0] ?? null;
  useEffect(() => {
    if (picked && campaigns.length && !campaigns.some((c) => c.id === picked)) setPicked(null);
  }, [campaigns, picked]);
  const value = useMemo(
    () => ({
      campaigns,
      campaign,
      fetching,
      select: (id: string) => {
        localStorage.setItem(KEY, id);
        setPicked(id);
      },
    }),
    [campaigns, campaign, fetching],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCampaign(): CampaignValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useCampaign outside CampaignProvider");
  return v;
}
