// Checksums of the identifiers the PII eval generates and checks: Luhn (cards), ISO 13616
// mod 97 (IBAN), and the Korean resident registration number's weighted sum. Written
// independently of the filter's validators, so the eval does not grade them with themselves.

export function luhnValid(digits: string): boolean {
  const d = digits.replace(/\D/g, '');
  if (d.length < 12 || d.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/** The check digit of the first 12 digits of a resident registration number. */
export function rrnCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * RRN_WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10;
}

export function rrnValid(rrn: string): boolean {
  const d = rrn.replace(/\D/g, '');
  return d.length === 13 && rrnCheckDigit(d.slice(0, 12)) === d.charCodeAt(12) - 48;
}
