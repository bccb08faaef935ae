// Affix rules of the tokenizer (prefixes, suffixes, clitics, currency prefixes, runs of
// punctuation) and the hyphen rule for names in compounds (tokenizer/text_scan.h).
#include <string>

#include "rules_en.h"
#include "tokenizer/text_scan.h"

namespace byline::internal::tokenize {

// Byte length of a prefix to split off [b,e), or 0.
std::uint32_t TextScan::prefix_len(std::uint32_t b, std::uint32_t e) const {
  // "@Reuters:" and "#AI," lose their trailing punctuation first, then the handle
  // and hashtag rules take them.
  if ((s_[b] == '@' || s_[b] == '#') && e - b >= 2 && (ascii_alnum(s_[b + 1]) || s_[b + 1] == '_' || s_[b + 1] >= 0x80))
    return 0;
  // An apostrophe before two digits is part of a year: "'90s", "’67" (the suffix
  // rule removes trailing punctuation first, then the number rule takes it).
  if (e - b >= 3 && s_[b] == '\'' && ascii_digit(s_[b + 1]) && ascii_digit(s_[b + 2])) return 0;
  if (e - b >= 5 && starts_with(b, e, "\xE2\x80\x99") && ascii_digit(s_[b + 3]) && ascii_digit(s_[b + 4])) return 0;
  int len;
  char32_t cp = cp_at(b, &len);
  CharClass c = cls(cp);
  if (c != internal::kPunctChar && c != internal::kSymbolChar) return 0;
  std::uint32_t q = b + static_cast<std::uint32_t>(len);
  if (q < e) {
    int l2;
    if (cls(cp_at(q, &l2)) == internal::kMark) return 0;  // keep a mark with its base
  }
  if (cp < 0x80) {
    std::uint32_t r = punct_run_end(b, e);
    int l2;
    if (r < e && cls(cp_at(r, &l2)) == internal::kMark) --r;  // the last one keeps its mark
    return r - b;
  }
  return static_cast<std::uint32_t>(len);
}

// "US$", "C$", "NT$": 1-3 capitals and '$', followed by a digit or the end of the piece.
std::uint32_t TextScan::currency_len(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t p = b;
  while (p < e && p - b < 3 && s_[p] >= 'A' && s_[p] <= 'Z') ++p;
  if (p == b || p >= e || s_[p] != '$') return 0;
  ++p;
  return (p == e || ascii_digit(s_[p])) ? p - b : 0;
}

// A run of one repeated ASCII punctuation character ("!!!", "**", "==", "''"), or of
// '!' and '?' mixed ("?!"), is one token. Brackets and '"' never reach here.
std::uint32_t TextScan::punct_run_end(std::uint32_t b, std::uint32_t e) const {
  unsigned char c = s_[b];
  std::uint32_t p = b + 1;
  if (c == '!' || c == '?') {
    while (p < e && (s_[p] == '!' || s_[p] == '?')) ++p;
  } else if (c != '.' && c != ',') {
    while (p < e && s_[p] == c) ++p;
  }
  return p;
}
// Start of the run of repeated punctuation that ends at e (see punct_run_end).
std::uint32_t TextScan::punct_run_begin(std::uint32_t b, std::uint32_t e) const {
  unsigned char c = s_[e - 1];
  std::uint32_t p = e - 1;
  if (c == '!' || c == '?') {
    while (p > b && (s_[p - 1] == '!' || s_[p - 1] == '?')) --p;
  } else if (c != '.' && c != ',' && c != '-') {
    while (p > b && s_[p - 1] == c) --p;
  }
  return p;
}

// Byte length of a suffix to split off [b,e), or 0.
std::uint32_t TextScan::suffix_len(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t n = e - b;
  // Clitics: 's 'm 'd 'll 're 've n't with straight or curly apostrophe.
  if (n >= 3) {
    std::uint32_t clitic = clitic_len(b, e);
    if (clitic) return clitic;
  }
  std::uint32_t last = prev_cp_start(b, e);
  int len;
  char32_t cp = cp_at(last, &len);
  CharClass c = cls(cp);
  if (c != internal::kPunctChar && c != internal::kSymbolChar) return 0;
  if (last == b) return 0;  // a single character is a token already
  if (cp == '.') {
    if (internal::abbreviation_flags(view(b, e))) return 0;
  } else if (cp == '-') {
    // A suspended hyphen stays with its word or number: "pre-", "multi-", "27-" (CoNLL).
    int l2;
    CharClass pc = cls(cp_at(prev_cp_start(b, last), &l2));
    if (pc == internal::kLetter || pc == internal::kDigit || pc == internal::kMark) return 0;
  }
  if (cp < 0x80) {
    std::uint32_t r = punct_run_begin(b, e);
    return r == b ? 0 : e - r;
  }
  return e - last;
}

std::uint32_t TextScan::clitic_len(std::uint32_t b, std::uint32_t e) const {
  // Find the apostrophe: "'" or "’" (E2 80 99) near the end.
  auto apostrophe_at = [&](std::uint32_t p) -> std::uint32_t {
    if (p < b) return 0;
    if (s_[p] == '\'') return 1;
    if (p + 3 <= e && s_[p] == 0xE2 && s_[p + 1] == 0x80 && s_[p + 2] == 0x99) return 3;
    return 0;
  };
  auto lower = [&](std::uint32_t p) { return static_cast<unsigned char>(s_[p] | 0x20); };
  // n't
  for (std::uint32_t alen : {1u, 3u}) {
    if (e - b >= alen + 3) {
      std::uint32_t a = e - 1 - alen;  // apostrophe position
      if (lower(e - 1) == 't' && apostrophe_at(a) == alen && lower(a - 1) == 'n' && a - 1 > b && ascii_alpha(s_[a - 2]))
        return e - (a - 1);
    }
  }
  // 's 'm 'd  /  'll 're 've
  for (std::uint32_t alen : {1u, 3u}) {
    for (std::uint32_t tail : {1u, 2u}) {
      if (e - b < alen + tail + 1) continue;
      std::uint32_t a = e - tail - alen;
      if (apostrophe_at(a) != alen) continue;
      bool ok = false;
      if (tail == 1) {
        unsigned char t = lower(e - 1);
        ok = t == 's' || t == 'm' || t == 'd';
      } else {
        unsigned char t1 = lower(e - 2), t2 = lower(e - 1);
        ok = (t1 == 'l' && t2 == 'l') || (t1 == 'r' && t2 == 'e') || (t1 == 'v' && t2 == 'e');
      }
      if (!ok) continue;
      // Something word-like must precede the apostrophe.
      std::uint32_t before = prev_cp_start(b, a);
      int len;
      char32_t cp = cp_at(before, &len);
      CharClass c = cls(cp);
      if (c == internal::kLetter || c == internal::kDigit || c == internal::kMark || cp == '.') return e - a;
    }
  }
  return 0;
}

// A hyphen between ASCII letters splits off a name (OntoNotes and spaCy tokenise
// "UK-based" as UK - based, "Russia-China" as Russia - China): when the part before it
// starts with a capital and has 2+ letters, unless it is a combining form ("Sino-Russian",
// "Anglo-Saxon" stay whole); or when anti/pro/non/ex precedes a capital ("anti-Western").
// An abbreviation in capitals with dots splits too ("U.S.-based", "U.N.-backed").
// Lower-case compounds ("six-to-nine-month"), single letters ("X-ray") and numbers
// ("F-16", "COVID-19") stay whole. `lb` is the start of the part before the hyphen at p.
bool TextScan::hyphen_split(std::uint32_t lb, std::uint32_t p, std::uint32_t e) const {
  if (p <= lb || p + 1 >= e || s_[p] != '-' || !ascii_alpha(s_[p + 1])) return false;
  if (s_[p - 1] == '.') {
    // An abbreviation of two or more capitals with dots: "U.S.-based", "U.N.-backed", "U.S.-China".
    if ((p - lb) < 4 || (p - lb) % 2 != 0) return false;
    for (std::uint32_t k = lb; k < p; k += 2)
      if (!(s_[k] >= 'A' && s_[k] <= 'Z') || s_[k + 1] != '.') return false;
    return true;
  }
  if (!ascii_alpha(s_[p - 1])) return false;
  for (std::uint32_t k = lb; k < p; ++k)
    if (!ascii_alpha(s_[k])) return false;
  std::string left(reinterpret_cast<const char*>(s_) + lb, p - lb);
  for (auto& ch : left) ch = static_cast<char>(ch | 0x20);
  const bool upper_left = s_[lb] >= 'A' && s_[lb] <= 'Z';
  if (upper_left && left.size() >= 2) {
    static const char* const kCombining[] = {"afro",   "anglo", "austro",  "balto", "czecho", "euro",  "finno",
                                             "franco", "greco", "hispano", "ibero", "indo",   "italo", "judeo",
                                             "luso",   "russo", "serbo",   "sino",  "slavo",  "turko", "germano"};
    for (const char* f : kCombining)
      if (left == f) return false;
    return true;
  }
  const bool upper_right = s_[p + 1] >= 'A' && s_[p + 1] <= 'Z';
  return upper_right && (left == "anti" || left == "pro" || left == "non" || left == "ex");
}
bool TextScan::any_hyphen_split(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t part = b;
  for (std::uint32_t p = b + 1; p + 1 < e; ++p) {
    if (s_[p] != '-') continue;
    if (hyphen_split(part, p, e)) return true;
    part = p + 1;
  }
  return false;
}

}  // namespace byline::internal::tokenize
