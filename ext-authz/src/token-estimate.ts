// A cheap prompt token estimate: about 4 characters a token for Latin text, about one
// token a character for Hangul (and other CJK scripts, which tokenise the same way).

export function estimateTokens(text: string): number {
  let wide = 0;
  let narrow = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWide(text.charCodeAt(i))) wide++;
    else narrow++;
  }
  return wide + Math.ceil(narrow / 4);
}

function isWide(code: number): boolean {
  return (
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || // Hangul jamo
    (code >= 0x3130 && code <= 0x318f) || // Hangul compatibility jamo
    (code >= 0x3040 && code <= 0x30ff) || // Hiragana, Katakana
    (code >= 0x4e00 && code <= 0x9fff) // CJK unified ideographs
  );
}
