import type { Rng } from "../lib/random";

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const PLACES = ["堡", "沟", "屯", "台", "岭", "甸", "房", "峪", "窝堡", "坎", "店", "营", "寨", "岗"];
const SIDES = ["东", "西", "南", "北", "前", "后", "大", "小", "上", "下", "新", "老"];
const LAND = ["台", "岭", "沟", "屯", "堡", "甸", "河", "山", "坨", "洼", "泉", "林"];
const COMMUNITY = [
  "和平",
  "光明",
  "幸福",
  "胜利",
  "东山",
  "西山",
  "南园",
  "北园",
  "新华",
  "建设",
  "友谊",
  "长青",
  "康乐",
  "民主",
  "文化",
  "园林",
  "春光",
  "新风",
  "兴盛",
  "永安",
  "丰收",
  "祥和",
  "明珠",
  "绿洲",
  "华夏",
  "钢都",
  "青年",
  "工人",
  "铁路",
  "湖畔",
  "阳光",
  "锦绣",
  "金桥",
  "安康",
  "福园",
  "翠园",
  "育才",
  "朝阳",
  "曙光",
  "东风",
  "前进",
  "红旗",
  "利民",
  "惠民",
  "万达",
  "佳和",
  "怡景",
  "馨园",
];

/** `n` distinct names of villages (村) or, for a street (街道), communities (社区). */
export function villageNames(rng: Rng, township: string, n: number): string[] {
  const street = township.endsWith("街道");
  const names = new Set<string>();
  for (let guard = 0; names.size < n && guard < n * 50; guard++) {
    if (street) names.add(`${rng.pick(COMMUNITY)}社区`);
    else if (rng.chance(0.6)) names.add(`${rng.pick([...SURNAMES])}家${rng.pick(PLACES)}村`);
    else names.add(`${rng.pick(SIDES)}${rng.pick(LAND)}村`);
  }
  return [...names];
}
