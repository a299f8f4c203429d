// SQLite's own digits of a double, ported from SQLite 3.53.2 (sqlite3.c: powerOfTen,
// sqlite3Fp2Convert10, sqlite3Fp10Convert2, sqlite3FpDecode) so that PostgreSQL can be told the
// very text SQLite makes of a number (see sqlite-number-text.ts). SQLite does not print the
// shortest round-trip digits JavaScript does: it takes 18 approximate digits, rounds them to
// 17 and shortens only where a heuristic finds a shorter text that reads back the same
// (6978724.38513556 → 6978724.3851355603, 1e165 → 9.999999999999999e+164). A faithful copy,
// approximations included, is the only way to match it; BigInt stands in for C's u64 and
// 128-bit products. Re-check against SQLite (the property test does) when SQLite is upgraded.

/** The digits of a finite, non-zero |double|: the value is 0.digits × 10^point. */
export interface Decoded {
  readonly digits: string;
  readonly point: number;
}

const MASK32 = 0xffffffffn;
const BIT63 = 1n << 63n;
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

// The first 64 bits of 10^p for p in 0..26.
// prettier-ignore
const BASE = [
  0x8000000000000000n, 0xa000000000000000n, 0xc800000000000000n, 0xfa00000000000000n,
  0x9c40000000000000n, 0xc350000000000000n, 0xf424000000000000n, 0x9896800000000000n,
  0xbebc200000000000n, 0xee6b280000000000n, 0x9502f90000000000n, 0xba43b74000000000n,
  0xe8d4a51000000000n, 0x9184e72a00000000n, 0xb5e620f480000000n, 0xe35fa931a0000000n,
  0x8e1bc9bf04000000n, 0xb1a2bc2ec5000000n, 0xde0b6b3a76400000n, 0x8ac7230489e80000n,
  0xad78ebc5ac620000n, 0xd8d726b7177a8000n, 0x878678326eac9000n, 0xa968163f0a57b400n,
  0xd3c21bcecceda100n, 0x84595161401484a0n, 0xa56fa5b99019a5c8n,
];
// The first 64 bits of 10^(27·(i−13)), and 10^-1 at i = 13.
// prettier-ignore
const SCALE = [
  0x8049a4ac0c5811aen, 0xcf42894a5dce35ean, 0xa76c582338ed2621n, 0x873e4f75e2224e68n,
  0xda7f5bf590966848n, 0xb080392cc4349decn, 0x8e938662882af53en, 0xe65829b3046b0afan,
  0xba121a4650e4ddebn, 0x964e858c91ba2655n, 0xf2d56790ab41c2a2n, 0xc428d05aa4751e4cn,
  0x9e74d1b791e07e48n, 0xccccccccccccccccn, 0xcecb8f27f4200f3an, 0xa70c3c40a64e6c51n,
  0x86f0ac99b4e8dafdn, 0xda01ee641a708de9n, 0xb01ae745b101e9e4n, 0x8e41ade9fbebc27dn,
  0xe5d3ef282a242e81n, 0xb9a74a0637ce2ee1n, 0x95f83d0a1fb69cd9n, 0xf24a01a73cf2dccfn,
  0xc3b8358109e84f07n, 0x9e19db92b4e31ba9n,
];
// The next 32 bits of each SCALE entry.
// prettier-ignore
const SCALE_LO = [
  0x205b896dn, 0x52064cadn, 0xaf2af2b8n, 0x5a7744a7n, 0xaf39a475n, 0xbd8d794en, 0x547eb47bn,
  0x0cb4a5a3n, 0x92f34d62n, 0x3a6a07f9n, 0xfae27299n, 0xaa97e14cn, 0x775ea265n, 0xccccccccn,
  0x00000000n, 0x999090b6n, 0x69a028bbn, 0xe80e6f48n, 0x5ec05dd0n, 0x14588f14n, 0x8f1668c9n,
  0x6d953e2cn, 0x4abdaf10n, 0xbc633b39n, 0x0a862f81n, 0x6c07a2c2n,
];

const POWERS_OF_10_FIRST = -348;
const POWERS_OF_10_LAST = 347;

/** powerOfTen: the first 64 bits of 10^p, and the 32 after them. */
const powerOfTen = (p: number): readonly [hi: bigint, lo: bigint] => {
  let g: number;
  let n: number;
  if (p < 0) {
    if (p === -1) return [SCALE[13]!, SCALE_LO[13]!];
    g = Math.trunc(p / 27);
    n = p % 27;
    if (n !== 0) {
      g--;
      n += 27;
    }
  } else if (p < 27) {
    return [BASE[p]!, 0n];
  } else {
    g = Math.trunc(p / 27);
    n = p % 27;
  }
  const s = SCALE[g + 13]!;
  const sLo = SCALE_LO[g + 13]!;
  if (n === 0) return [s, sLo];
  // sqlite3Multiply160: the top 96 of the 160 bits of ((s << 32) + sLo) · 10^n.
  const product = ((s << 32n) | sLo) * BASE[n]!;
  let x = product >> 96n;
  let lo = (product >> 64n) & MASK32;
  if ((x & BIT63) === 0n) {
    x = (x << 1n) | ((lo >> 31n) & 1n);
    lo = ((lo << 1n) | 1n) & MASK32;
  }
  return [x, lo];
};

// floor(log2(10^p)) and floor(log10(2^p)), as SQLite approximates them.
const pwr10to2 = (p: number): number => (p * 108853) >> 15;
const pwr2to10 = (p: number): number => (p * 78913) >> 18;

/** sqlite3Fp2Convert10 with n = 18: m·2^e ≈ digits·10^point, m's top bit set. */
const fp2Convert10 = (m: bigint, e: number): readonly [digits: bigint, exponent: number] => {
  const p = 17 - pwr2to10(e + 63);
  const h = ((m * powerOfTen(p)[0]) >> 64n) >> BigInt(-(e + pwr10to2(p) + 2));
  return [u64(h + ((h << 1n) & 2n)) >> 1n, -p];
};

const bits = new DataView(new ArrayBuffer(8));

/** sqlite3Fp10Convert2: the double SQLite reads d·10^p as. */
const fp10Convert2 = (d: bigint, p: number): number => {
  if (p < POWERS_OF_10_FIRST) return 0;
  if (p > POWERS_OF_10_LAST) return Infinity;
  const b = d.toString(2).length;
  const lp = pwr10to2(p);
  let e = 53 - b - lp;
  if (e > 1074) {
    if (e >= 1130) return 0;
    e = 1074;
  }
  const s = BigInt(-(e - (64 - b) + lp + 3));
  let [pwr10h, pwr10l] = powerOfTen(p);
  if (pwr10l !== 0n) {
    pwr10h = u64(pwr10h + 1n);
    pwr10l = ~pwr10l & MASK32;
  }
  const x = u64(d << BigInt(64 - b));
  const product = x * pwr10h;
  let hi = product >> 64n;
  const mid1 = (product >> 32n) & MASK32;
  let sticky = 1n;
  if ((hi & ((1n << s) - 1n)) === 0n) {
    const mid2 = ((x * (pwr10l << 32n)) >> 96n) & MASK32;
    sticky = ((mid1 - mid2) & MASK32) > 1n ? 1n : 0n;
    if (mid1 < mid2) hi = u64(hi - 1n);
  }
  let u = (hi >> s) | sticky;
  if (u >= (1n << 55n) - 2n) {
    u = (u >> 1n) | (u & 1n);
    e -= 1;
  }
  let m = (u + 1n + ((u >> 2n) & 1n)) >> 2n;
  if (e <= -972) return Infinity;
  if ((m & (1n << 52n)) !== 0n) m = (m & ~(1n << 52n)) | (BigInt(1075 - e) << 52n);
  bits.setBigUint64(0, m);
  return bits.getFloat64(0);
};

/** The significand and binary exponent of a finite |r| > 0, the significand's top bit set. */
const binary = (r: number): readonly [m: bigint, e: number] => {
  bits.setFloat64(0, r);
  const word = bits.getBigUint64(0);
  const biased = Number(word >> 52n) & 0x7ff;
  const fraction = word & 0xfffffffffffffn;
  if (biased !== 0) return [(fraction << 11n) | BIT63, biased - 1086];
  const shift = 64 - fraction.toString(2).length; // a subnormal: normalised by hand
  return [fraction << BigInt(shift), -1074 - shift];
};

/**
 * sqlite3FpDecode(r, iRound = 17, mxRound = 20), as "%!.17g" calls it: the digits of a finite
 * r > 0, at most 17 and fewer where SQLite's heuristic finds fewer that read back as r.
 */
export const sqliteDecode = (r: number): Decoded => {
  const [m, e] = binary(r);
  const [v, exp] = fp2Convert10(m, e);
  let z = v.toString();
  let n = z.length;
  let point = n + exp;
  let round = 17;
  if (round < n) {
    if (z[15] === '9' && z[14] === '9') {
      let jj = 14;
      while (jj > 0 && z[jj - 1] === '9') jj--;
      const v2 = jj === 0 ? 1n : BigInt(z.slice(0, jj)) + 1n;
      if (r === fp10Convert2(v2, exp + n - jj)) round = jj + 1;
    } else if (point >= n || (z[15] === '0' && z[14] === '0' && z[13] === '0')) {
      let jj = 13;
      while (z[jj - 1] === '0') jj--;
      if (r === fp10Convert2(BigInt(z.slice(0, jj)), exp + n - jj)) round = jj + 1;
    }
    n = round;
    if (z[round]! >= '5') {
      // Round up: a carry past the first digit makes it "1" and moves the point.
      const up = (BigInt(z.slice(0, round)) + 1n).toString();
      if (up.length > round) point++;
      z = up;
      n = up.length;
    }
  }
  z = z.slice(0, n).replace(/0+$/, '');
  return { digits: z, point };
};
