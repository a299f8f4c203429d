// The people at the demo's accounts: Chinese names (the book's accounts are all in Chinese
// cities), written as they are (王伟), with the pinyin their email address is made of. Phones and
// emails are fictitious on sight: 138-0000-xxxx is not a number any operator hands out, and
// example.com is reserved for examples (RFC 2606), so no real person is ever named or reached.
import type { Random } from './seeded-random.js';

/** Family names, each with its pinyin. */
const FAMILY: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['林', 'lin'],
  ['高', 'gao'],
  ['罗', 'luo'],
];

/** Given names (one or two characters), each with its pinyin. */
const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['磊', 'lei'],
  ['艳', 'yan'],
  ['军', 'jun'],
  ['慧', 'hui'],
  ['涛', 'tao'],
  ['玲', 'ling'],
  ['强', 'qiang'],
  ['欣', 'xin'],
  ['建国', 'jianguo'],
  ['晓明', 'xiaoming'],
  ['丽娟', 'lijuan'],
  ['海燕', 'haiyan'],
  ['志强', 'zhiqiang'],
  ['秀英', 'xiuying'],
  ['文博', 'wenbo'],
  ['雨萱', 'yuxuan'],
  ['子轩', 'zixuan'],
  ['佳怡', 'jiayi'],
];

export interface ContactPerson {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
}

/**
 * A person: a name, a mobile number in the reserved-looking 138-0000 block and an address at
 * example.com (the serial keeps two namesakes apart); now and then one of them unknown.
 */
export const contactPerson = (serial: string, rng: Random): ContactPerson => {
  const [family, familyPinyin] = rng.pick(FAMILY);
  const [given, givenPinyin] = rng.pick(GIVEN);
  const phone = `138-0000-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const email = `${givenPinyin}.${familyPinyin}.${serial}@example.com`;
  return {
    name: `${family}${given}`,
    ...(rng.chance(0.92) ? { phone } : {}),
    ...(rng.chance(0.85) ? { email } : {}),
  };
};
