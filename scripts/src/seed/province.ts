/** The shape of a generated province: how many of each unit, and what they are called. */

/** Liaoning's fourteen prefecture-level cities first; beyond them, numbered sample cities. */
export const CITY_NAMES = [
  "沈阳市",
  "大连市",
  "鞍山市",
  "抚顺市",
  "本溪市",
  "丹东市",
  "锦州市",
  "营口市",
  "阜新市",
  "辽阳市",
  "盘锦市",
  "铁岭市",
  "朝阳市",
  "葫芦岛市",
];

export const DISTRICT_NAMES = [
  "东城区",
  "西城区",
  "南城区",
  "北城区",
  "新城区",
  "高新区",
  "经济开发区",
  "一县",
  "二县",
  "三县",
  "四县",
  "五县",
];

export const DEPARTMENTS = [
  { name: "公安局", centre: "公安政务服务分中心" },
  { name: "自然资源局", centre: "不动产登记分中心" },
  { name: "人力资源和社会保障局", centre: "社会保险分中心" },
  { name: "医疗保障局", centre: "医疗保障分中心" },
  { name: "住房公积金管理中心", centre: "住房公积金分中心" },
];

/**
 * Per city: a comprehensive centre, `departments` departments with a professional sub-centre each, and `districts`
 * districts, each with a comprehensive centre, a sub-centre and `townships` townships of `villages` villages
 * (a convenience centre and a station each). With the defaults a city has 1,391 venues: about fourteen cities
 * make a province (20,000), about 430 a country (600,000).
 */
export interface ProvinceShape {
  departments: number;
  districts: number;
  townships: number;
  villages: number;
}

export const DEFAULT_SHAPE: ProvinceShape = { departments: 4, districts: 7, townships: 14, villages: 13 };

export const venuesPerCity = (s: ProvinceShape) =>
  1 + s.departments + s.districts * (2 + s.townships * (1 + s.villages));

export const cityName = (i: number) => CITY_NAMES[i] ?? `样本市${String(i + 1).padStart(3, "0")}`;
