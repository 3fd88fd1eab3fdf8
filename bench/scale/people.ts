/**
 * People for the data-scale bench: Chinese names drawn by real surname frequency (with their pinyin),
 * usernames and emails from the pinyin, unique +86 mobiles and employee numbers, a department tree.
 * Deterministic: the same seed gives the same organisation, so runs compare.
 */

import { prng } from '../../sim/dingtalk/fixtures/prng.ts';

/** Seeded draws (the simulator's mulberry32): reproducible data without Math.random. */
export function rng(seed: number) {
  const next = prng(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

/** A picker by weight (cumulative table + binary search). */
export function weighted<T>(entries: readonly (readonly [T, number])[]) {
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, w] of entries) cumulative.push((sum += w));
  return (r: Rng): T => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return entries[lo][0];
  };
}

/** The most frequent surnames (share of the population, per mille, roughly the 2020 census), with pinyin. */
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 71], ['李', 'li', 70], ['张', 'zhang', 64], ['刘', 'liu', 54], ['陈', 'chen', 45], ['杨', 'yang', 31],
  ['黄', 'huang', 22], ['赵', 'zhao', 22], ['吴', 'wu', 20], ['周', 'zhou', 19], ['徐', 'xu', 13], ['孙', 'sun', 12],
  ['马', 'ma', 12], ['朱', 'zhu', 11], ['胡', 'hu', 10], ['郭', 'guo', 10], ['何', 'he', 9], ['林', 'lin', 9],
  ['高', 'gao', 9], ['罗', 'luo', 8], ['郑', 'zheng', 8], ['梁', 'liang', 7], ['谢', 'xie', 6], ['宋', 'song', 6],
  ['唐', 'tang', 6], ['许', 'xu', 5], ['邓', 'deng', 5], ['韩', 'han', 5], ['冯', 'feng', 5], ['曹', 'cao', 5],
  ['彭', 'peng', 5], ['曾', 'zeng', 5], ['肖', 'xiao', 4], ['田', 'tian', 4], ['董', 'dong', 4], ['潘', 'pan', 4],
  ['袁', 'yuan', 4], ['蔡', 'cai', 4], ['蒋', 'jiang', 4], ['余', 'yu', 4], ['于', 'yu', 4], ['杜', 'du', 4],
  ['叶', 'ye', 4], ['程', 'cheng', 3], ['魏', 'wei', 3], ['苏', 'su', 3], ['吕', 'lv', 3], ['丁', 'ding', 3],
  ['任', 'ren', 3], ['卢', 'lu', 3], ['姚', 'yao', 3], ['沈', 'shen', 3], ['钟', 'zhong', 3], ['姜', 'jiang', 3],
  ['崔', 'cui', 3], ['谭', 'tan', 3], ['陆', 'lu', 2], ['范', 'fan', 2], ['汪', 'wang', 2], ['廖', 'liao', 2],
  ['石', 'shi', 2], ['金', 'jin', 2], ['韦', 'wei', 2], ['贾', 'jia', 2], ['夏', 'xia', 2], ['付', 'fu', 2],
  ['方', 'fang', 2], ['邹', 'zou', 2], ['熊', 'xiong', 2], ['白', 'bai', 2], ['孟', 'meng', 2], ['秦', 'qin', 2],
  ['邱', 'qiu', 2], ['侯', 'hou', 2], ['江', 'jiang', 2], ['尹', 'yin', 2], ['薛', 'xue', 2], ['闫', 'yan', 2],
  ['段', 'duan', 2], ['雷', 'lei', 2], ['龙', 'long', 1], ['黎', 'li', 1], ['史', 'shi', 1], ['陶', 'tao', 1],
  ['贺', 'he', 1], ['毛', 'mao', 1], ['郝', 'hao', 1], ['顾', 'gu', 1], ['龚', 'gong', 1], ['邵', 'shao', 1],
  ['万', 'wan', 1], ['覃', 'qin', 1], ['武', 'wu', 1], ['钱', 'qian', 1], ['戴', 'dai', 1], ['严', 'yan', 1],
  ['欧阳', 'ouyang', 0.3], ['司马', 'sima', 0.1], ['上官', 'shangguan', 0.1], ['诸葛', 'zhuge', 0.1],
];

/** Characters common in given names, with pinyin (weights: the very common ones first). */
const GIVEN: readonly (readonly [string, string, number])[] = [
  ['伟', 'wei', 20], ['芳', 'fang', 14], ['娜', 'na', 12], ['秀', 'xiu', 10], ['敏', 'min', 12], ['静', 'jing', 12],
  ['丽', 'li', 12], ['强', 'qiang', 11], ['磊', 'lei', 11], ['军', 'jun', 11], ['洋', 'yang', 10], ['勇', 'yong', 10],
  ['艳', 'yan', 10], ['杰', 'jie', 10], ['娟', 'juan', 9], ['涛', 'tao', 9], ['明', 'ming', 9], ['超', 'chao', 9],
  ['霞', 'xia', 8], ['平', 'ping', 8], ['刚', 'gang', 8], ['桂', 'gui', 6], ['英', 'ying', 9], ['华', 'hua', 9],
  ['文', 'wen', 8], ['辉', 'hui', 7], ['建', 'jian', 8], ['国', 'guo', 7], ['玲', 'ling', 7], ['红', 'hong', 7],
  ['鹏', 'peng', 6], ['宇', 'yu', 8], ['浩', 'hao', 8], ['凯', 'kai', 6], ['佳', 'jia', 7], ['欣', 'xin', 7],
  ['子', 'zi', 7], ['梓', 'zi', 5], ['涵', 'han', 6], ['轩', 'xuan', 6], ['晨', 'chen', 6], ['雨', 'yu', 6],
  ['一', 'yi', 5], ['诺', 'nuo', 4], ['思', 'si', 5], ['怡', 'yi', 5], ['博', 'bo', 5], ['文', 'wen', 4],
  ['俊', 'jun', 5], ['嘉', 'jia', 5], ['瑞', 'rui', 4], ['晓', 'xiao', 6], ['海', 'hai', 6], ['燕', 'yan', 5],
  ['慧', 'hui', 5], ['颖', 'ying', 4], ['婷', 'ting', 6], ['雪', 'xue', 5], ['琳', 'lin', 4], ['倩', 'qian', 4],
  ['斌', 'bin', 4], ['波', 'bo', 4], ['飞', 'fei', 5], ['鑫', 'xin', 4], ['宁', 'ning', 4], ['亮', 'liang', 4],
  ['林', 'lin', 4], ['峰', 'feng', 5], ['晶', 'jing', 4], ['琴', 'qin', 3], ['云', 'yun', 4], ['兰', 'lan', 3],
  ['梅', 'mei', 3], ['萍', 'ping', 3], ['凤', 'feng', 3], ['玉', 'yu', 3], ['成', 'cheng', 4], ['龙', 'long', 4],
  ['志', 'zhi', 5], ['新', 'xin', 3], ['东', 'dong', 4], ['春', 'chun', 3], ['秋', 'qiu', 2], ['建', 'jian', 3],
  ['天', 'tian', 4], ['泽', 'ze', 4], ['奕', 'yi', 2], ['昊', 'hao', 3], ['然', 'ran', 4], ['可', 'ke', 3],
  ['安', 'an', 3], ['心', 'xin', 3], ['若', 'ruo', 2], ['语', 'yu', 2], ['彤', 'tong', 3], ['萱', 'xuan', 3],
  ['梦', 'meng', 3], ['琪', 'qi', 3], ['欢', 'huan', 2], ['德', 'de', 2], ['永', 'yong', 2], ['荣', 'rong', 2],
  ['庆', 'qing', 2], ['福', 'fu', 2], ['家', 'jia', 2], ['振', 'zhen', 2], ['立', 'li', 2], ['冬', 'dong', 2],
  ['宏', 'hong', 2], ['海', 'hai', 2], ['洁', 'jie', 3], ['蕾', 'lei', 2], ['薇', 'wei', 2], ['璐', 'lu', 2],
  ['三', 'san', 1], ['丰', 'feng', 1], ['岩', 'yan', 2], ['鸿', 'hong', 2], ['毅', 'yi', 2], ['健', 'jian', 3],
];

/** A few colleagues with Western names (joint ventures, foreign staff), as the directory would hold them. */
const WESTERN_GIVEN = ['Emily', 'James', 'Olivia', 'Daniel', 'Sophie', 'Michael', 'Anna', 'David', 'Laura', 'Thomas'];
const WESTERN_FAMILY = ['Smith', 'Müller', 'Johnson', 'García', 'Brown', 'Martin', 'Dubois', 'Wilson'];

const surname = weighted(SURNAMES.map(([hanzi, pinyin, w]) => [{ hanzi, pinyin }, w] as const));
const given = weighted(GIVEN.map(([hanzi, pinyin, w]) => [{ hanzi, pinyin }, w] as const));

export const EMAIL_DOMAIN = 'huaxin-tech.com.cn';

export interface Person {
  username: string;
  displayName: string;
  /** E.164 (+86…), unique. */
  mobile: string;
  email: string | null;
  employeeNumber: string;
  /** DingTalk's userid in the organisation. */
  dingtalkUserId: string;
  /** DingTalk's unionId (the binding's subject). */
  unionId: string;
  openId: string;
  status: 'active' | 'disabled' | 'locked';
  orgUnit: number;
  createdAt: number;
}

export interface OrgUnitSeed {
  index: number;
  parent: number | null;
  name: string;
}

const DIVISIONS = ['研发中心', '产品部', '销售部', '市场部', '客户成功部', '财务部', '人力资源部', '法务部', '行政部', '供应链', '制造事业部', '国际业务部'];
const REGIONS = ['北京', '上海', '深圳', '杭州', '成都', '武汉', '西安', '南京'];
const TEAMS = ['一组', '二组', '三组', '四组', '五组', '六组'];

/** Root, 12 divisions, a department per region in each, teams under those: about 600 units. */
export function orgUnits(): OrgUnitSeed[] {
  const units: OrgUnitSeed[] = [{ index: 0, parent: null, name: 'Root' }];
  for (const division of DIVISIONS) {
    const d = units.push({ index: units.length, parent: 0, name: division }) - 1;
    for (const region of REGIONS) {
      const r = units.push({ index: units.length, parent: d, name: `${region}${division}` }) - 1;
      for (const team of TEAMS) units.push({ index: units.length, parent: r, name: team });
    }
  }
  return units;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const token = (r: Rng, n: number, alphabet = BASE36) => Array.from({ length: n }, () => alphabet[r.int(alphabet.length)]).join('');

/** `count` people, created over the five years before `now` (oldest first), each on a leaf unit of `units`. */
export function people(count: number, units: OrgUnitSeed[], now: number, seed = 20240601): Person[] {
  const r = rng(seed);
  const leaves = units.filter((u) => !units.some((c) => c.parent === u.index)).map((u) => u.index);
  const usernames = new Map<string, number>();
  const mobiles = new Set<string>();
  const prefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
  const span = 5 * 365 * 86_400_000;
  const out: Person[] = [];
  for (let i = 0; i < count; i++) {
    let displayName: string;
    let base: string;
    if (r.next() < 0.015) {
      const first = r.pick(WESTERN_GIVEN);
      const last = r.pick(WESTERN_FAMILY);
      displayName = `${first} ${last}`;
      base = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    } else {
      const s = surname(r);
      const g1 = given(r);
      const two = r.next() < 0.7;
      const g2 = two ? given(r) : undefined;
      displayName = s.hanzi + g1.hanzi + (g2?.hanzi ?? '');
      base = s.pinyin + g1.pinyin + (g2?.pinyin ?? '');
    }
    const seen = usernames.get(base) ?? 0;
    usernames.set(base, seen + 1);
    // The first zhangwei is `zhangwei`; the next ones get a number, as an IT department would hand them out.
    const username = seen === 0 ? base : `${base}${seen + 1}`;
    let mobile: string;
    // Never one of the bench's own people's numbers (bench/lib/setup.ts: 1380000nnnn).
    do mobile = `+86${r.pick(prefixes)}${String(r.int(1e8)).padStart(8, '0')}`;
    while (mobiles.has(mobile) || mobile.startsWith('+861380000'));
    mobiles.add(mobile);
    const roll = r.next();
    out.push({
      username,
      displayName,
      mobile,
      email: r.next() < 0.92 ? `${username}@${EMAIL_DOMAIN}` : null,
      employeeNumber: `HX${String(100000 + i).padStart(6, '0')}`,
      dingtalkUserId: `${String(r.int(1e9)).padStart(9, '0')}${String(i).padStart(7, '0')}`,
      unionId: `${token(r, 22, BASE36 + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${i.toString(36)}`,
      openId: token(r, 24, BASE36 + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
      status: roll < 0.97 ? 'active' : roll < 0.99 ? 'disabled' : 'locked',
      orgUnit: r.pick(leaves),
      createdAt: now - span + Math.floor((span * i) / count) + r.int(60_000),
    });
  }
  return out;
}
