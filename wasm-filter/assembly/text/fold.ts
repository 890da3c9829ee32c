// Code point mappings behind the two normalised views (see normalise.ts).
//
// compat(): the "text" view. Unicode compatibility forms that change how text looks but not
// what it says are folded (fullwidth ASCII, compatibility spaces, mathematical alphanumerics,
// circled and squared letters, superscript digits), invisible characters are dropped.
// keyFold(): the "keyword" view on top of that: case folding, accents stripped, homoglyphs
// (Cyrillic, Greek) and common leetspeak mapped to ASCII letters, punctuation to a space.

/** Drop this code point from both views. */
export const DROP: i32 = -1;
/** Emit a (collapsible) space. */
export const SPACE: i32 = 0x20;

// Latin-1 Supplement C0..FF, Extended-A and -B up to 24F: base letter after NFKD, '_' = none.
const LATIN_BASE = "aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuytyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb____occdddd___effg__iikkl__nnooo__pp_____ttttuu_vyyzz_____________dddlllnnnaaiioouuuuuuuuuu_aaaa__ggggkkoooo__jdddgg__nnaa____aaaaeeeeiiiioooorrrruuuusstt__hh_d____aaeeooooooooyylntj__accltsz__bu_eejjqqrryy";

// ASCII in the keyword view: lower-case, leetspeak digits and symbols to letters, l and 1
// and | all to i (one class), other punctuation to space.
const KEY_ASCII = new StaticArray<u8>(128);
/** The keyword-view ASCII table, for raw-pointer loops. */
export const KEY_TABLE = KEY_ASCII;
function initKeyAscii(): void {
  for (let c = 0; c < 128; c++) {
    let m = 0x20;
    if (c >= 0x61 && c <= 0x7a) m = c;
    else if (c >= 0x41 && c <= 0x5a) m = c + 32;
    else if (c >= 0x30 && c <= 0x39) m = c;
    unchecked(KEY_ASCII[c] = <u8>m);
  }
  unchecked(KEY_ASCII[0x6c] = 0x69); // l -> i
  unchecked(KEY_ASCII[0x4c] = 0x69); // L -> i
  unchecked(KEY_ASCII[0x30] = 0x6f); // 0 -> o
  unchecked(KEY_ASCII[0x31] = 0x69); // 1 -> i
  unchecked(KEY_ASCII[0x33] = 0x65); // 3 -> e
  unchecked(KEY_ASCII[0x34] = 0x61); // 4 -> a
  unchecked(KEY_ASCII[0x35] = 0x73); // 5 -> s
  unchecked(KEY_ASCII[0x37] = 0x74); // 7 -> t
  unchecked(KEY_ASCII[0x40] = 0x61); // @ -> a
  unchecked(KEY_ASCII[0x24] = 0x73); // $ -> s
  unchecked(KEY_ASCII[0x7c] = 0x69); // | -> i
}
initKeyAscii();

// @ts-ignore: decorator
@inline export function keyAscii(c: u32): u8 { return unchecked(KEY_ASCII[c]); }

/** True for characters removed from both views (zero-width, bidi, fillers, selectors). */
export function isInvisible(cp: i32): bool {
  if (cp < 0xad) return false;
  if (cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x115f || cp == 0x1160 || cp == 0x17b4 || cp == 0x17b5) return true;
  if (cp >= 0x180b && cp <= 0x180f) return true;
  if (cp >= 0x200b && cp <= 0x200f) return true;
  if (cp >= 0x202a && cp <= 0x202e) return true;
  if (cp >= 0x2060 && cp <= 0x206f) return true;
  if (cp == 0x3164 || cp == 0xffa0 || cp == 0xfeff) return true;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return true;
  if (cp >= 0xfff9 && cp <= 0xfffb) return true;
  if (cp >= 0x1bca0 && cp <= 0x1bca3) return true;
  if (cp >= 0x1d173 && cp <= 0x1d17a) return true;
  if (cp >= 0xe0000 && cp <= 0xe0fff) return true;
  return false;
}

/** Control characters: tab, LF, CR and friends become a space, the rest disappear. */
export function controlMap(cp: i32): i32 {
  if (cp == 0x09 || cp == 0x0a || cp == 0x0b || cp == 0x0c || cp == 0x0d || cp == 0x85) return SPACE;
  return DROP;
}

export function isControl(cp: i32): bool {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** The text view: compatibility folding. Returns the mapped code point, SPACE or DROP. */
export function compat(cp: i32): i32 {
  if (cp < 0xa0) return isControl(cp) ? controlMap(cp) : cp;
  if (cp == 0xa0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000) return SPACE;
  if (cp >= 0x2000 && cp <= 0x200a) return SPACE;
  if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0; // fullwidth ASCII
  if (cp == 0xb9) return 0x31;
  if (cp == 0xb2 || cp == 0xb3) return cp - 0x80; // ² ³
  if (cp >= 0x2070 && cp <= 0x2079) return cp == 0x2071 ? 0x69 : (cp == 0x2070 ? 0x30 : (cp >= 0x2074 ? cp - 0x2040 : cp)); // superscripts
  if (cp >= 0x2080 && cp <= 0x2089) return cp - 0x2050; // subscripts
  if (cp >= 0x2460 && cp <= 0x2468) return cp - 0x2460 + 0x31; // ①..⑨
  if (cp >= 0x249c && cp <= 0x24b5) return cp - 0x249c + 0x61; // ⒜..⒵
  if (cp >= 0x24b6 && cp <= 0x24cf) return cp - 0x24b6 + 0x41; // Ⓐ..Ⓩ
  if (cp >= 0x24d0 && cp <= 0x24e9) return cp - 0x24d0 + 0x61; // ⓐ..ⓩ
  if (cp >= 0x1d400 && cp <= 0x1d6a3) { // mathematical alphanumeric letters
    const i = (cp - 0x1d400) % 52;
    return i < 26 ? 0x41 + i : 0x61 + i - 26;
  }
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return 0x30 + (cp - 0x1d7ce) % 10;
  if (cp >= 0x1f130 && cp <= 0x1f149) return cp - 0x1f130 + 0x41; // 🄰
  if (cp >= 0x1f150 && cp <= 0x1f169) return cp - 0x1f150 + 0x41; // 🅐
  if (cp >= 0x1f170 && cp <= 0x1f189) return cp - 0x1f170 + 0x41; // 🅰
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return cp - 0x1f1e6 + 0x41; // regional indicators
  if (cp == 0x212a) return 0x4b; // Kelvin sign
  if (cp == 0x2126) return 0x3a9; // Ohm sign
  return cp;
}

/** Hangul compatibility jamo (ㄱ..ㅣ) to conjoining jamo, so they compose like NFKC. */
export function compatJamo(cp: i32): i32 {
  if (cp >= 0x314f && cp <= 0x3163) return 0x1161 + (cp - 0x314f); // vowels -> V
  switch (cp) {
    case 0x3131: return 0x1100; case 0x3132: return 0x1101; case 0x3134: return 0x1102;
    case 0x3137: return 0x1103; case 0x3138: return 0x1104; case 0x3139: return 0x1105;
    case 0x3141: return 0x1106; case 0x3142: return 0x1107; case 0x3143: return 0x1108;
    case 0x3145: return 0x1109; case 0x3146: return 0x110a; case 0x3147: return 0x110b;
    case 0x3148: return 0x110c; case 0x3149: return 0x110d; case 0x314a: return 0x110e;
    case 0x314b: return 0x110f; case 0x314c: return 0x1110; case 0x314d: return 0x1111;
    case 0x314e: return 0x1112;
    default: return cp;
  }
}

function homoglyph(cp: i32): i32 {
  if (cp >= 0x430 && cp <= 0x45f) {
    switch (cp) {
      case 0x430: return 0x61; case 0x432: return 0x62; case 0x435: return 0x65; case 0x451: return 0x65;
      case 0x43a: return 0x6b; case 0x43c: return 0x6d; case 0x43d: return 0x68; case 0x43e: return 0x6f;
      case 0x440: return 0x70; case 0x441: return 0x63; case 0x442: return 0x74; case 0x443: return 0x79;
      case 0x445: return 0x78; case 0x455: return 0x73; case 0x456: return 0x69; case 0x457: return 0x69;
      case 0x458: return 0x6a; case 0x44c: return 0x62; case 0x433: return 0x72;
      default: return cp;
    }
  }
  if (cp >= 0x3b1 && cp <= 0x3c9) {
    switch (cp) {
      case 0x3b1: return 0x61; case 0x3b2: return 0x62; case 0x3b5: return 0x65; case 0x3b6: return 0x7a;
      case 0x3b7: return 0x68; case 0x3b9: return 0x69; case 0x3ba: return 0x6b; case 0x3bc: return 0x6d;
      case 0x3bd: return 0x6e; case 0x3bf: return 0x6f; case 0x3c1: return 0x70; case 0x3c4: return 0x74;
      case 0x3c5: return 0x79; case 0x3c7: return 0x78; case 0x3c9: return 0x77;
      default: return cp;
    }
  }
  switch (cp) {
    case 0x501: return 0x64; case 0x4bb: return 0x68; case 0x51b: return 0x71; case 0x51d: return 0x77;
    case 0x261: return 0x67; case 0x28f: return 0x79; case 0x269: return 0x69; case 0x131: return 0x69;
    case 0x1d00: return 0x61; case 0x1d04: return 0x63; case 0x1d05: return 0x64; case 0x1d07: return 0x65;
    case 0x1d0b: return 0x6b; case 0x1d0d: return 0x6d; case 0x1d0f: return 0x6f; case 0x1d18: return 0x70;
    case 0x1d1b: return 0x74; case 0x1d1c: return 0x75; case 0x1d20: return 0x76; case 0x1d21: return 0x77;
    case 0x1d22: return 0x7a; case 0x280: return 0x72; case 0x299: return 0x62; case 0x29c: return 0x68;
    case 0x274: return 0x6e; case 0x26a: return 0x69; case 0x29f: return 0x69;
    default: return cp;
  }
}

function lower(cp: i32): i32 {
  if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) return cp + 32;
  if (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42f) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40f) return cp + 80;
  if (cp == 0x3c2) return 0x3c3; // final sigma
  return cp;
}

function isPunctuation(cp: i32): bool {
  if (cp >= 0xa1 && cp <= 0xbf) return cp != 0xaa && cp != 0xba && cp != 0xb5;
  if (cp == 0xd7 || cp == 0xf7) return true;
  if (cp >= 0x2010 && cp <= 0x205e) return true;
  if (cp >= 0x2190 && cp <= 0x2bff) return true; // arrows, math operators, symbols
  if (cp >= 0x3001 && cp <= 0x3003) return true;
  if (cp >= 0x3008 && cp <= 0x3011) return true;
  if (cp >= 0x3014 && cp <= 0x301f) return true;
  if (cp >= 0xfe10 && cp <= 0xfe6f) return true;
  return false;
}

/** The keyword view of an already compat-folded code point (never ASCII: see keyAscii). */
export function keyFold(cp: i32): i32 {
  if (cp >= 0x300 && cp <= 0x36f) return DROP; // combining marks: accents go
  cp = lower(cp);
  if (cp >= 0xc0 && cp <= 0x24f) {
    const b = LATIN_BASE.charCodeAt(cp - 0xc0);
    if (b != 0x5f) return b == 0x6c ? 0x69 : b;
  }
  const h = homoglyph(cp);
  if (h != cp) return h == 0x6c ? 0x69 : h;
  if (isPunctuation(cp)) return SPACE;
  return cp;
}

/** Tag characters (U+E0020..E007E) spell ASCII invisibly; the keyword view reads them. */
export function tagAscii(cp: i32): i32 {
  if (cp >= 0xe0020 && cp <= 0xe007e) return cp - 0xe0000;
  return DROP;
}

/** Ligatures that expand to two or three ASCII letters; 0 when `cp` is none. */
export function ligature(cp: i32): i32 {
  // Packed little-endian letters.
  switch (cp) {
    case 0xfb00: return 0x6666;
    case 0xfb01: return 0x6966;
    case 0xfb02: return 0x6c66;
    case 0xfb03: return 0x696666;
    case 0xfb04: return 0x6c6666;
    case 0xfb05: case 0xfb06: return 0x7473;
    default: return 0;
  }
}

export function isHangul(cp: i32): bool {
  return (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3131 && cp <= 0x318e);
}
