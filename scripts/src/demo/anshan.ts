/**
 * The demo city: 鞍山市 (Anshan, Liaoning), the city of the 2024 plan. District and county names are the real,
 * public ones; the township and street names follow the real ones as far as we know them and are illustrative;
 * village and community names are generated (see villages.ts). Codes are ASCII, usernames derive from them.
 */

export interface DistrictSpec {
  code: string;
  name: string;
  /** Its comprehensive centre (综合政务服务中心). */
  centre: string;
  /** Professional sub-centres run by the district (专业分中心). */
  subcentres: { code: string; name: string }[];
  /** 乡镇(街道): names ending in 街道 have 社区, the others 村. */
  townships: string[];
}

export const CITY = { code: "anshan", name: "鞍山市", centre: "鞍山市政务服务中心" };

export const DISTRICTS: DistrictSpec[] = [
  {
    code: "tiedong",
    name: "铁东区",
    centre: "铁东区政务服务中心",
    subcentres: [{ code: "bdc", name: "铁东区不动产登记分中心" }],
    townships: [
      "解放街道",
      "山南街道",
      "园林街道",
      "站前街道",
      "胜利街道",
      "长甸街道",
      "湖南街道",
      "常青街道",
      "对炉街道",
      "新兴街道",
      "旭日街道",
    ],
  },
  {
    code: "tiexi",
    name: "铁西区",
    centre: "铁西区政务服务中心",
    subcentres: [{ code: "yb", name: "铁西区医疗保障分中心" }],
    townships: [
      "八家子街道",
      "永乐街道",
      "共和街道",
      "北长甸街道",
      "兴盛街道",
      "大陆街道",
      "繁荣街道",
      "永发街道",
      "南华街道",
    ],
  },
  {
    code: "lishan",
    name: "立山区",
    centre: "立山区政务服务中心",
    subcentres: [{ code: "sb", name: "立山区社会保险分中心" }],
    townships: ["友好街道", "双山街道", "立山街道", "曙光街道", "灵山街道", "深北街道", "沙河镇"],
  },
  {
    code: "qianshan",
    name: "千山区",
    centre: "千山区政务服务中心",
    subcentres: [{ code: "ga", name: "千山区公安政务服务分中心" }],
    townships: ["东鞍山镇", "大孤山镇", "齐大山镇", "宁远镇", "唐家房镇", "汤岗子镇"],
  },
  {
    code: "taian",
    name: "台安县",
    centre: "台安县政务服务中心",
    subcentres: [{ code: "bdc", name: "台安县不动产登记分中心" }],
    townships: [
      "八角台街道",
      "台东街道",
      "西平街道",
      "新开河镇",
      "高力房镇",
      "黄沙坨镇",
      "新台镇",
      "桓洞镇",
      "西佛镇",
      "富家镇",
      "达牛镇",
      "韭菜台镇",
      "桑林镇",
    ],
  },
  {
    code: "xiuyan",
    name: "岫岩满族自治县",
    centre: "岫岩满族自治县政务服务中心",
    subcentres: [{ code: "yb", name: "岫岩满族自治县医疗保障分中心" }],
    townships: [
      "雅河街道",
      "阜昌街道",
      "兴隆街道",
      "偏岭镇",
      "石庙子镇",
      "黄花甸镇",
      "大房身镇",
      "前营镇",
      "哈达碑镇",
      "杨家堡镇",
      "苏子沟镇",
      "大营子镇",
      "朝阳镇",
      "新甸镇",
      "洋河镇",
      "三家子镇",
      "药山镇",
      "牧牛镇",
    ],
  },
  {
    code: "haicheng",
    name: "海城市",
    centre: "海城市政务服务中心",
    subcentres: [
      { code: "bdc", name: "海城市不动产登记分中心" },
      { code: "sb", name: "海城市社会保险分中心" },
    ],
    townships: [
      "海州街道",
      "兴海街道",
      "响堂街道",
      "腾鳌镇",
      "西柳镇",
      "感王镇",
      "牛庄镇",
      "耿庄镇",
      "八里镇",
      "毛祁镇",
      "岔沟镇",
      "接文镇",
      "孤山镇",
      "析木镇",
      "马风镇",
      "南台镇",
      "王石镇",
      "英落镇",
      "中小镇",
      "温香镇",
      "望台镇",
      "高坨镇",
    ],
  },
  { code: "gaoxin", name: "高新区", centre: "鞍山高新区政务服务中心", subcentres: [], townships: [] },
  { code: "jingkai", name: "经济开发区", centre: "鞍山经济开发区政务服务中心", subcentres: [], townships: [] },
];

/** 市直部门 that run a city-level professional sub-centre (市直分中心). */
export const DEPARTMENTS = [
  { code: "gaj", name: "鞍山市公安局", centre: "鞍山市公安政务服务分中心" },
  { code: "zrzy", name: "鞍山市自然资源局", centre: "鞍山市不动产登记分中心" },
  { code: "rsj", name: "鞍山市人力资源和社会保障局", centre: "鞍山市社会保险事业服务分中心" },
  { code: "ybj", name: "鞍山市医疗保障局", centre: "鞍山市医疗保障分中心" },
  { code: "gjj", name: "鞍山市住房公积金管理中心", centre: "鞍山市住房公积金分中心" },
  { code: "swj", name: "国家税务总局鞍山市税务局", centre: "鞍山市税务分中心（办税服务厅）" },
  { code: "zjj", name: "鞍山市住房和城乡建设局", centre: "鞍山市房产交易分中心" },
];

/** About 1,000 villages and communities over the townships: each gets this many, give or take two. */
export const VILLAGES_PER_TOWNSHIP = 11.6;
