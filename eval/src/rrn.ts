// Korean resident registration numbers for the PII eval, generated with a fixed seed:
// real calendar dates (1940-2019), the century/sex digit that goes with the year, and the
// check digit. The negatives are look-alikes with an impossible date (month 13-19, day
// 32-39): numbers issued since October 2020 carry no check digit, so a detector may accept
// any last digit, but no detector should accept a 13th month.
import { mulberry32 } from '../../ext-authz/src/ml/train-logistic.js';
import { rrnCheckDigit } from './checksums.js';

export interface RrnSample {
  readonly text: string;
  readonly value: string;
  readonly valid: boolean;
}

const TEMPLATES = [
  (v: string) => `제 주민등록번호는 ${v}입니다.`,
  (v: string) => `주민번호 ${v}로 회원가입을 했는데 인증이 안 돼요.`,
  (v: string) => `신청인: 김민수, 주민등록번호 ${v}, 연락처는 따로 드릴게요.`,
  (v: string) => `아래 정보로 계좌 개설 부탁드립니다. 성명 이서연 / 주민번호: ${v}`,
  (v: string) => `${v} 이 번호로 조회해 주세요.`,
  (v: string) => `보험 청구서에 주민등록번호(${v})를 적었는데 맞게 쓴 건가요?`,
  (v: string) => `고객 정보\n- 이름: 박지훈\n- 주민등록번호: ${v}\n- 주소: 서울시 강남구`,
  (v: string) => `엄마 주민번호가 ${v}인데 대신 예약해도 되나요?`,
];

export function generateRrnSamples(count: number, seed: number): RrnSample[] {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const out: RrnSample[] = [];
  for (let i = 0; i < count; i++) {
    const year = int(1940, 2019);
    const month = int(1, 12);
    const day = int(1, daysIn(year, month));
    const sex = int(0, 1);
    const centuryDigit = year < 2000 ? 1 + sex : 3 + sex;
    const first12 = `${pad(year % 100)}${pad(month)}${pad(day)}${centuryDigit}${String(int(0, 99999)).padStart(5, '0')}`;
    const valid = i % 4 !== 3;
    const digits = valid ? `${first12}${rrnCheckDigit(first12)}` : impossibleDate(first12, int);
    const value = i % 2 === 0 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
    out.push({ text: TEMPLATES[i % TEMPLATES.length]!(value), value, valid });
  }
  return out;
}

/** The same number with its month or day made impossible, and any last digit. */
function impossibleDate(first12: string, int: (lo: number, hi: number) => number): string {
  const bad = int(0, 1) === 0 ? `${first12.slice(0, 2)}${int(13, 19)}${first12.slice(4)}` : `${first12.slice(0, 4)}${int(32, 39)}${first12.slice(6)}`;
  return `${bad}${int(0, 9)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
