// Post-match validators of built-in detectors, on the bytes [s, e) of a match. A match that
// fails its validator is no finding: these are what keep digit runs from being called cards.
import { Validator } from "../rules";

function digitsOf(p: usize, s: i32, e: i32, out: StaticArray<u8>): i32 {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = <i32>load<u8>(p + <usize>i) - 0x30;
    if (c >= 0 && c <= 9) {
      if (n >= out.length) return -1;
      unchecked(out[n] = <u8>c);
      n++;
    }
  }
  return n;
}

const DIGITS = new StaticArray<u8>(64);

/** Payment cards: 13-19 digits passing Luhn. */
export function luhn(p: usize, s: i32, e: i32): bool {
  const n = digitsOf(p, s, e, DIGITS);
  if (n < 13 || n > 19) return false;
  let sum = 0;
  let dbl = false;
  for (let i = n - 1; i >= 0; i--) {
    let d = <i32>unchecked(DIGITS[i]);
    if (dbl) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

function daysIn(month: i32, year: i32): i32 {
  if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/**
 * Korean resident registration number: YYMMDD, then a digit giving sex and century
 * (1,2,5,6: 1900s; 3,4,7,8: 2000s; 9,0: 1800s), six more digits. The date must exist. The
 * check digit is extra confidence only (numbers issued since October 2020 need not satisfy it):
 * see krRrnChecksum.
 */
export function krRrn(p: usize, s: i32, e: i32): bool {
  const n = digitsOf(p, s, e, DIGITS);
  if (n != 13) return false;
  const yy = <i32>DIGITS[0] * 10 + <i32>DIGITS[1];
  const mm = <i32>DIGITS[2] * 10 + <i32>DIGITS[3];
  const dd = <i32>DIGITS[4] * 10 + <i32>DIGITS[5];
  const g = <i32>DIGITS[6];
  let century = 1900;
  if (g == 3 || g == 4 || g == 7 || g == 8) century = 2000;
  else if (g == 9 || g == 0) century = 1800;
  if (mm < 1 || mm > 12 || dd < 1) return false;
  return dd <= daysIn(mm, century + yy);
}

/** The RRN check digit: weights 2..9,2..5 over the first 12 digits, (11 - sum % 11) % 10. */
export function krRrnChecksum(p: usize, s: i32, e: i32): bool {
  const n = digitsOf(p, s, e, DIGITS);
  if (n != 13) return false;
  const w: StaticArray<i32> = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += <i32>DIGITS[i] * w[i];
  return (11 - sum % 11) % 10 == <i32>DIGITS[12];
}

/** US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function usSsn(p: usize, s: i32, e: i32): bool {
  const n = digitsOf(p, s, e, DIGITS);
  if (n != 9) return false;
  const area = <i32>DIGITS[0] * 100 + <i32>DIGITS[1] * 10 + <i32>DIGITS[2];
  const group = <i32>DIGITS[3] * 10 + <i32>DIGITS[4];
  const serial = <i32>DIGITS[5] * 1000 + <i32>DIGITS[6] * 100 + <i32>DIGITS[7] * 10 + <i32>DIGITS[8];
  return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

/** IBAN: 15-34 alphanumerics (spaces ignored), mod-97 of the rearranged number equal to 1. */
export function iban(p: usize, s: i32, e: i32): bool {
  let len = 0;
  for (let i = s; i < e; i++) if (load<u8>(p + <usize>i) != 0x20) len++;
  if (len < 15 || len > 34) return false;
  let rem = 0;
  // Rearranged: characters from the fifth on, then the first four.
  for (let pass = 0; pass < 2; pass++) {
    let k = 0;
    for (let i = s; i < e; i++) {
      const c = <i32>load<u8>(p + <usize>i);
      if (c == 0x20) continue;
      const inFirst = k < 4;
      k++;
      if ((pass == 0) == inFirst) continue;
      if (c >= 0x30 && c <= 0x39) rem = (rem * 10 + (c - 0x30)) % 97;
      else if (c >= 0x41 && c <= 0x5a) rem = (rem * 100 + (c - 0x41 + 10)) % 97;
      else return false;
    }
  }
  return rem == 1;
}

export function validate(v: Validator, p: usize, s: i32, e: i32): bool {
  switch (v) {
    case Validator.Luhn: return luhn(p, s, e);
    case Validator.Iban: return iban(p, s, e);
    case Validator.KrRrn: return krRrn(p, s, e);
    case Validator.UsSsn: return usSsn(p, s, e);
    default: return true;
  }
}
