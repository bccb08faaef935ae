// CARDINAL, ORDINAL, PERCENT, MONEY, QUANTITY recognisers. Table-driven; no heap
// allocation per token (lookups use stack-lowered string_views on static tables).
#include "rules/numbers.h"

#include <charconv>
#include <cmath>
#include <string>
#include <unordered_set>

#include "byline/rules.h"
#include "rules/text_util.h"

namespace byline {
namespace internal::rules {
namespace {

struct WordNum {
  double value;
  enum Kind : std::uint8_t { kUnit, kTens, kHundred, kScale, kOrdinal } kind;
};

const WordTable<WordNum>& number_words() {
  static const WordTable<WordNum> t = [] {
    WordTable<WordNum> m;
    const char* units[] = {"zero",     "one",     "two",     "three",     "four",     "five",    "six",
                           "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
                           "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    for (int i = 0; i < 20; ++i) m[units[i]] = {double(i), WordNum::kUnit};
    const char* tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (int i = 0; i < 8; ++i) m[tens[i]] = {double(20 + 10 * i), WordNum::kTens};
    m["dozen"] = {12, WordNum::kUnit};
    m["hundred"] = {100, WordNum::kHundred};
    m["thousand"] = {1e3, WordNum::kScale};
    m["million"] = {1e6, WordNum::kScale};
    m["billion"] = {1e9, WordNum::kScale};
    m["trillion"] = {1e12, WordNum::kScale};
    const char* ords[] = {"zeroth",    "first",     "second",      "third",      "fourth",
                          "fifth",     "sixth",     "seventh",     "eighth",     "ninth",
                          "tenth",     "eleventh",  "twelfth",     "thirteenth", "fourteenth",
                          "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    for (int i = 1; i < 20; ++i) m[ords[i]] = {double(i), WordNum::kOrdinal};
    const char* tenths[] = {"twentieth", "thirtieth",  "fortieth",  "fiftieth",
                            "sixtieth",  "seventieth", "eightieth", "ninetieth"};
    for (int i = 0; i < 8; ++i) m[tenths[i]] = {double(20 + 10 * i), WordNum::kOrdinal};
    m["hundredth"] = {100, WordNum::kOrdinal};
    m["thousandth"] = {1000, WordNum::kOrdinal};
    m["millionth"] = {1e6, WordNum::kOrdinal};
    return m;
  }();
  return t;
}

/// Scale words after a digit number ("1.4 billion", "5 bn").
double scale_word(std::string_view lower) {
  if (lower == "thousand") return 1e3;
  if (lower == "million" || lower == "mln" || lower == "mn" || lower == "millions") return 1e6;
  if (lower == "billion" || lower == "bn" || lower == "bln" || lower == "billions") return 1e9;
  if (lower == "trillion" || lower == "tn" || lower == "trn" || lower == "trillions") return 1e12;
  if (lower == "hundred") return 100;
  if (lower == "crore" || lower == "crores") return 1e7;  // South Asian scales: "Rs 500 crore"
  if (lower == "lakh" || lower == "lakhs" || lower == "lac") return 1e5;
  return 0;
}

struct Currency {
  std::string_view code;
  double factor;
};

const WordTable<std::string_view>& currency_symbols() {
  static const WordTable<std::string_view> t = {{"$", "USD"},
                                                {"US$", "USD"},
                                                {"C$", "CAD"},
                                                {"A$", "AUD"},
                                                {"NZ$", "NZD"},
                                                {"HK$", "HKD"},
                                                {"S$", "SGD"},
                                                {"R$", "BRL"},
                                                {"\xE2\x82\xAC", "EUR"} /* € */,
                                                {"\xC2\xA3", "GBP"} /* £ */,
                                                {"\xC2\xA5", "JPY"} /* ¥ */,
                                                {"\xE2\x82\xBD", "RUB"} /* ₽ */,
                                                {"\xE2\x82\xB9", "INR"} /* ₹ */,
                                                {"\xE2\x82\xA9", "KRW"} /* ₩ */,
                                                {"\xE2\x82\xBA", "TRY"} /* ₺ */,
                                                {"\xE2\x82\xB4", "UAH"} /* ₴ */,
                                                {"Rs", "INR"},
                                                {"Rs.", "INR"},
                                                {"USD", "USD"},
                                                {"EUR", "EUR"},
                                                {"GBP", "GBP"},
                                                {"JPY", "JPY"},
                                                {"CNY", "CNY"},
                                                {"RMB", "CNY"},
                                                {"RUB", "RUB"},
                                                {"INR", "INR"},
                                                {"CHF", "CHF"},
                                                {"CAD", "CAD"},
                                                {"AUD", "AUD"},
                                                {"HKD", "HKD"},
                                                {"BRL", "BRL"},
                                                {"KRW", "KRW"},
                                                {"SAR", "SAR"},
                                                {"AED", "AED"}};
  return t;
}

const WordTable<Currency>& currency_words() {
  static const WordTable<Currency> t = {
      {"dollar", {"USD", 1}},   {"dollars", {"USD", 1}},  {"euro", {"EUR", 1}},     {"euros", {"EUR", 1}},
      {"pound", {"GBP", 1}},    {"pounds", {"GBP", 1}},   {"sterling", {"GBP", 1}}, {"yuan", {"CNY", 1}},
      {"renminbi", {"CNY", 1}}, {"yen", {"JPY", 1}},      {"rouble", {"RUB", 1}},   {"roubles", {"RUB", 1}},
      {"ruble", {"RUB", 1}},    {"rubles", {"RUB", 1}},   {"rupee", {"INR", 1}},    {"rupees", {"INR", 1}},
      {"franc", {"CHF", 1}},    {"francs", {"CHF", 1}},   {"cent", {"USD", 0.01}},  {"cents", {"USD", 0.01}},
      {"pence", {"GBP", 0.01}}, {"hryvnia", {"UAH", 1}},  {"hryvnias", {"UAH", 1}}, {"lira", {"TRY", 1}},
      {"dlrs", {"USD", 1}},     {"dlr", {"USD", 1}},      {"stg", {"GBP", 1}},      {"marks", {"DEM", 1}},
      {"lire", {"ITL", 1}},     {"guilders", {"NLG", 1}}, {"rand", {"ZAR", 1}},     {"baht", {"THB", 1}},
      {"ringgit", {"MYR", 1}},  {"zloty", {"PLN", 1}},    {"rupiah", {"IDR", 1}},   {"naira", {"NGN", 1}},
      {"real", {"BRL", 1}},     {"reais", {"BRL", 1}},    {"riyals", {"SAR", 1}},   {"dirhams", {"AED", 1}}};
  return t;
}

const WordTable<std::string_view>& unit_words() {
  static const WordTable<std::string_view> t = {{"km", "km"},
                                                {"kilometre", "km"},
                                                {"kilometres", "km"},
                                                {"kilometer", "km"},
                                                {"kilometers", "km"},
                                                {"mile", "mi"},
                                                {"miles", "mi"},
                                                {"metre", "m"},
                                                {"metres", "m"},
                                                {"meter", "m"},
                                                {"meters", "m"},
                                                {"cm", "cm"},
                                                {"mm", "mm"},
                                                {"foot", "ft"},
                                                {"feet", "ft"},
                                                {"ft", "ft"},
                                                {"inch", "in"},
                                                {"inches", "in"},
                                                {"kg", "kg"},
                                                {"kilogram", "kg"},
                                                {"kilograms", "kg"},
                                                {"kilos", "kg"},
                                                {"gram", "g"},
                                                {"grams", "g"},
                                                {"tonne", "t"},
                                                {"tonnes", "t"},
                                                {"ton", "t"},
                                                {"tons", "t"},
                                                {"barrel", "bbl"},
                                                {"barrels", "bbl"},
                                                {"bpd", "bbl/d"},
                                                {"mw", "MW"},
                                                {"megawatt", "MW"},
                                                {"megawatts", "MW"},
                                                {"gw", "GW"},
                                                {"gigawatt", "GW"},
                                                {"gigawatts", "GW"},
                                                {"kwh", "kWh"},
                                                {"mwh", "MWh"},
                                                {"gwh", "GWh"},
                                                {"twh", "TWh"},
                                                {"litre", "l"},
                                                {"litres", "l"},
                                                {"liter", "l"},
                                                {"liters", "l"},
                                                {"gallon", "gal"},
                                                {"gallons", "gal"},
                                                {"acre", "acre"},
                                                {"acres", "acre"},
                                                {"hectare", "ha"},
                                                {"hectares", "ha"},
                                                {"degree", "degree"},
                                                {"degrees", "degree"},
                                                {"mph", "mph"},
                                                {"km/h", "km/h"},
                                                {"kph", "km/h"},
                                                {"bcm", "bcm"},
                                                {"teraflops", "TFLOPS"},
                                                {"petaflops", "PFLOPS"},
                                                {"gb", "GB"},
                                                {"tb", "TB"},
                                                {"gigabytes", "GB"},
                                                {"terabytes", "TB"},
                                                {"nm", "nm"},
                                                {"nanometre", "nm"},
                                                {"nanometres", "nm"},
                                                {"nanometer", "nm"},
                                                {"nanometers", "nm"}};
  return t;
}

bool parse_digits(std::string_view s, NumberParse& out) {
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  // The digits without separators, read by from_chars at the end (exact decimal
  // rounding: "0.3" is 0.3, not a sum of tenths); on the stack unless very long.
  char small[64];
  std::string large;
  std::size_t nd = 0;
  auto keep = [&](char c) {
    if (nd < sizeof small) {
      small[nd++] = c;
      return;
    }
    if (large.empty()) large.assign(small, nd);
    large += c;
    ++nd;
  };
  int int_digits = 0, group = -1;
  bool comma = false;
  while (i < s.size()) {
    char c = s[i];
    if (is_ascii_digit(c)) {
      keep(c);
      ++int_digits;
      if (group >= 0) ++group;
      ++i;
    } else if (c == ',' && int_digits > 0 && (group < 0 || group == 3) && i + 1 < s.size() &&
               is_ascii_digit(s[i + 1])) {
      if (group < 0 && int_digits > 3) return false;
      group = 0;
      comma = true;
      ++i;
    } else {
      break;
    }
  }
  if (group >= 0 && group != 3) return false;
  bool frac = false;
  if (i < s.size() && s[i] == '.' && i + 1 < s.size() && is_ascii_digit(s[i + 1])) {
    frac = true;
    if (int_digits == 0) keep('0');
    keep('.');
    ++i;
    while (i < s.size() && is_ascii_digit(s[i])) keep(s[i++]);
  }
  if (int_digits == 0 && !frac) return false;
  const char* digits = large.empty() ? small : large.data();
  double v = 0;
  const auto read = std::from_chars(digits, digits + nd, v);
  if (read.ec == std::errc::result_out_of_range)
    v = HUGE_VAL;  // written as null
  else if (read.ec != std::errc())
    return false;
  std::string_view suffix = s.substr(i);
  out = NumberParse{};
  out.value = neg ? -v : v;
  if (!suffix.empty()) {
    Lower low(suffix);
    auto sv = low.view();
    if (sv == "st" || sv == "nd" || sv == "rd" || sv == "th") {
      if (frac || comma || neg) return false;
      out.ordinal = true;
    } else if (sv == "k") {
      out.value *= 1e3, out.scaled = true;
    } else if (sv == "m" || sv == "mn" || sv == "mln") {
      out.value *= 1e6, out.scaled = true;
    } else if (sv == "b" || sv == "bn" || sv == "bln") {
      out.value *= 1e9, out.scaled = true;
    } else if (sv == "tn" || sv == "trn") {
      out.value *= 1e12, out.scaled = true;
    } else {
      return false;
    }
  }
  out.plain_int = suffix.empty() && !frac && !comma && s[0] != '+' && s[0] != '-';
  out.digits = out.plain_int ? int_digits : 0;
  return true;
}

const WordFilter& number_word_filter() {
  static const WordFilter f = [] {
    WordFilter w;
    for (const auto& kv : number_words()) w.add(kv.first);
    return w;
  }();
  return f;
}

bool parse_word_token(std::string_view s, WordNum& out) {
  if (!number_word_filter().may_contain(s)) {
    // hyphenated "twenty-five": the part before the hyphen (the first one, at 5-7) must be
    // a tens word
    std::size_t dash = 0;
    const std::size_t head = s.size() < 8 ? s.size() : 8;
    while (dash < head && s[dash] != '-') ++dash;
    if (dash == head || dash < 5 || !number_word_filter().may_contain(s.substr(0, dash))) return false;
  }
  Lower low(s);
  if (low.n == 0) return false;
  const auto& t = number_words();
  auto it = t.find(low.view());
  if (it != t.end()) {
    out = it->second;
    return true;
  }
  // hyphenated "twenty-five", "twenty-first"
  auto sv = low.view();
  auto dash = sv.find('-');
  if (dash == std::string_view::npos || dash == 0) return false;
  auto a = t.find(sv.substr(0, dash));
  auto b = t.find(sv.substr(dash + 1));
  if (a == t.end() || b == t.end() || a->second.kind != WordNum::kTens || b->second.value >= 10 ||
      b->second.value == 0 || (b->second.kind != WordNum::kUnit && b->second.kind != WordNum::kOrdinal))
    return false;
  out.value = a->second.value + b->second.value;
  out.kind = b->second.kind == WordNum::kOrdinal ? WordNum::kOrdinal : WordNum::kUnit;
  return true;
}

}  // namespace

bool may_be_number_word(std::string_view t) { return number_word_filter().may_contain(t); }

std::vector<std::string_view> number_word_list() {
  std::vector<std::string_view> out;
  for (const auto& kv : number_words()) out.push_back(kv.first);
  return out;
}

bool is_number_word(std::string_view lower) {
  return number_word_filter().may_contain(lower) && number_words().count(lower) > 0;
}

bool parse_number_text(std::string_view text, NumberParse& out) {
  if (text.empty()) return false;
  char c = text[0];
  if (is_ascii_digit(c) || ((c == '+' || c == '-' || c == '.') && text.size() > 1)) return parse_digits(text, out);
  WordNum w;
  if (!parse_word_token(text, w) || w.kind == WordNum::kHundred || w.kind == WordNum::kScale) return false;
  out = NumberParse{};
  out.value = w.value;
  out.words = true;
  out.ordinal = w.kind == WordNum::kOrdinal;
  return true;
}

bool parse_number_at(const Doc& doc, std::uint32_t i, NumberParse& out) {
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  if (i >= n) return false;
  std::string_view t = tok_text(doc, i);
  if (t.empty()) return false;
  if (looks_numeric(t)) {
    if (!parse_digits(t, out)) return false;
    out.end = i + 1;
    if (!out.ordinal && !out.scaled && i + 1 < n) {
      Lower next(tok_text(doc, i + 1));
      double sc = scale_word(next.view());
      if (sc > 0 && !(sc == 100 && !out.plain_int)) {
        out.value *= sc;
        out.scaled = true;
        out.plain_int = false;
        out.end = i + 2;
        if (sc == 100 && i + 2 < n) {  // "3 hundred thousand"
          Lower n2(tok_text(doc, i + 2));
          double sc2 = scale_word(n2.view());
          if (sc2 >= 1e3) out.value *= sc2, out.end = i + 3;
        }
      }
    }
    return true;
  }
  // number words
  double total = 0, current = 0;
  bool any = false, ordinal = false, scaled = false;
  std::uint32_t j = i, end = i;
  int last_kind = -1;
  while (j < n) {
    WordNum w;
    std::string_view tj = tok_text(doc, j);
    if (any && lower_is(doc, j, "and") && (last_kind == WordNum::kHundred || last_kind == WordNum::kScale)) {
      WordNum w2;
      if (j + 1 < n && parse_word_token(tok_text(doc, j + 1), w2) &&
          (w2.kind == WordNum::kUnit || w2.kind == WordNum::kTens || w2.kind == WordNum::kOrdinal)) {
        ++j;
        continue;
      }
      break;
    }
    if (!parse_word_token(tj, w)) break;
    if (!any && (w.kind == WordNum::kHundred || w.kind == WordNum::kScale)) return false;
    bool ok = true;
    switch (w.kind) {
      case WordNum::kUnit:
        ok = last_kind != WordNum::kUnit && !(last_kind == WordNum::kTens && current >= 20 && w.value >= 10);
        if (ok) current += w.value;
        break;
      case WordNum::kTens:
        ok = last_kind != WordNum::kUnit && last_kind != WordNum::kTens;
        if (ok) current += w.value;
        break;
      case WordNum::kHundred:
        ok = current > 0 && current < 100 && last_kind != WordNum::kHundred;
        if (ok) current *= 100;
        break;
      case WordNum::kScale:
        ok = current > 0 || total > 0;
        if (ok) {
          total += (current > 0 ? current : 1) * w.value;
          current = 0;
          scaled = true;
        }
        break;
      case WordNum::kOrdinal:
        ok = last_kind != WordNum::kUnit;
        if (ok) {
          current += w.value;
          ordinal = true;
        }
        break;
    }
    if (!ok) break;
    any = true;
    last_kind = w.kind;
    end = ++j;
    if (ordinal) break;
  }
  if (!any) return false;
  out = NumberParse{};
  out.value = total + current;
  out.end = end;
  out.words = true;
  out.ordinal = ordinal;
  out.scaled = scaled;
  return true;
}

namespace {

enum class After { kNone, kPercent, kCurrency, kUnit };

/// What follows a number at token j: %, per cent, a currency word/code, a unit.
After classify_after(const Doc& doc, std::uint32_t j, std::uint32_t& end, Currency& cur, std::string_view& unit) {
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  if (j >= n) return After::kNone;
  std::string_view t = tok_text(doc, j);
  if (t == "%") {
    end = j + 1;
    return After::kPercent;
  }
  Lower low(t);
  auto lv = low.view();
  if (lv == "percent" || lv == "pct") {
    end = j + 1;
    return After::kPercent;
  }
  if (lv == "per" && lower_is(doc, j + 1, "cent")) {
    end = j + 2;
    return After::kPercent;
  }
  if (lv == "percentage" && (lower_is(doc, j + 1, "points") || lower_is(doc, j + 1, "point"))) {
    end = j + 2;
    return After::kPercent;
  }
  {
    const auto& cw = currency_words();
    auto it = cw.find(lv);
    // "1 Real Madrid", "3 Marks": capitalised words that are also names are not currencies
    const bool name_like = lv == "real" || lv == "rand" || lv == "marks" || lv == "mark" || lv == "franc" ||
                           lv == "lira" || lv == "pound" || lv == "cent" || lv == "naira";
    if (it != cw.end() && !(name_like && t != lv)) {
      cur = it->second;
      end = j + 1;
      return After::kCurrency;
    }
    // "US dollars", "Hong Kong dollars" style: a code then a currency word is not handled; ISO code after
    const auto& cs = currency_symbols();
    auto is = cs.find(t);
    if (is != cs.end() && t.size() == 3) {
      cur = Currency{is->second, 1};
      end = j + 1;
      return After::kCurrency;
    }
  }
  const auto& uw = unit_words();
  if (lv == "square" || lv == "sq" || lv == "cubic") {
    if (j + 1 < n) {
      Lower l2(tok_text(doc, j + 1));
      auto it = uw.find(l2.view());
      if (it != uw.end()) {
        unit = it->second;
        end = j + 2;
        return After::kUnit;
      }
    }
    return After::kNone;
  }
  auto it = uw.find(lv);
  if (it != uw.end()) {
    unit = it->second;
    end = j + 1;
    return After::kUnit;
  }
  return After::kNone;
}

bool all_free(const std::vector<std::uint8_t>& claimed, std::uint32_t b, std::uint32_t e) {
  if (claimed.empty()) return true;
  for (std::uint32_t k = b; k < e && k < claimed.size(); ++k)
    if (claimed[k]) return false;
  return true;
}

Entity make(std::uint32_t b, std::uint32_t e, const char* label, std::string value) {
  Entity ent;
  ent.tok_begin = b;
  ent.tok_end = e;
  ent.label = label;
  ent.score = 1.0f;
  ent.source = EntitySource::kPattern;
  ent.value = std::move(value);
  return ent;
}

struct ModifierPhrase {
  std::string_view words[3];
  int n;
  Bound bound;
};

/// Modifiers before a number, longest first within each length (lower-case words).
const ModifierPhrase kBefore[] = {
    {{"in", "excess", "of"}, 3, Bound::kAbove},
    {{"no", "fewer", "than"}, 3, Bound::kAtLeast},
    {{"no", "less", "than"}, 3, Bound::kAtLeast},
    {{"not", "less", "than"}, 3, Bound::kAtLeast},
    {{"no", "more", "than"}, 3, Bound::kAtMost},
    {{"not", "more", "than"}, 3, Bound::kAtMost},
    {{"as", "many", "as"}, 3, Bound::kAtMost},
    {{"as", "much", "as"}, 3, Bound::kAtMost},
    {{"as", "few", "as"}, 3, Bound::kAtMost},
    {{"a", "maximum", "of"}, 3, Bound::kAtMost},
    {{"a", "minimum", "of"}, 3, Bound::kAtLeast},
    {{"just", "shy", "of"}, 3, Bound::kNearlyBelow},
    {{"more", "than"}, 2, Bound::kAbove},
    {{"greater", "than"}, 2, Bound::kAbove},
    {{"upwards", "of"}, 2, Bound::kAbove},
    {{"well", "over"}, 2, Bound::kAbove},
    {{"well", "above"}, 2, Bound::kAbove},
    {{"less", "than"}, 2, Bound::kBelow},
    {{"fewer", "than"}, 2, Bound::kBelow},
    {{"well", "under"}, 2, Bound::kBelow},
    {{"well", "below"}, 2, Bound::kBelow},
    {{"at", "least"}, 2, Bound::kAtLeast},
    {{"at", "most"}, 2, Bound::kAtMost},
    {{"up", "to"}, 2, Bound::kAtMost},
    {{"close", "to"}, 2, Bound::kNearlyBelow},
    {{"just", "under"}, 2, Bound::kNearlyBelow},
    {{"just", "below"}, 2, Bound::kNearlyBelow},
    {{"just", "over"}, 2, Bound::kJustAbove},
    {{"just", "above"}, 2, Bound::kJustAbove},
    {{"an", "estimated"}, 2, Bound::kApprox},
    {{"about"}, 1, Bound::kApprox},
    {{"around"}, 1, Bound::kApprox},
    {{"approximately"}, 1, Bound::kApprox},
    {{"roughly"}, 1, Bound::kApprox},
    {{"some"}, 1, Bound::kApprox},
    {{"estimated"}, 1, Bound::kApprox},
    {{"circa"}, 1, Bound::kApprox},
    {{"approx."}, 1, Bound::kApprox},
    {{"over"}, 1, Bound::kAbove},
    {{"above"}, 1, Bound::kAbove},
    {{"under"}, 1, Bound::kBelow},
    {{"below"}, 1, Bound::kBelow},
    {{"nearly"}, 1, Bound::kNearlyBelow},
    {{"almost"}, 1, Bound::kNearlyBelow},
};

/// Modifiers after a number ("50 or more").
const ModifierPhrase kAfter[] = {
    {{"or", "more"}, 2, Bound::kAtLeast}, {{"or", "so"}, 2, Bound::kApprox},     {{"or", "fewer"}, 2, Bound::kAtMost},
    {{"or", "less"}, 2, Bound::kAtMost},  {{"or", "above"}, 2, Bound::kAtLeast}, {{"or", "higher"}, 2, Bound::kAtLeast},
};

/// A verb that takes "up" as its particle when a figure moves ("ticked up", "edged up",
/// "was revised up"): "up to" after it is no bound. Verbs that take "up to" as a bound
/// as often ("pick up to three", "go up to $10,000") are not in the list.
bool up_verb(const Doc& doc, std::uint32_t j) {
  static const std::unordered_set<std::string> verbs = [] {
    std::unordered_set<std::string> w;
    for (std::string_view stem :
         {"tick", "edge", "inch", "nudge", "notch", "ratchet", "revise", "creep", "drift", "trend"})
      for (std::string_view end : {"", "s", "ed", "d", "es", "ing"}) w.insert(std::string(stem) + std::string(end));
    for (std::string_view irregular : {"crept", "inching", "edging", "nudging", "revising", "creeping", "ticking"})
      w.insert(std::string(irregular));
    return w;
  }();
  return j < doc.size() && verbs.count(std::string(Lower(tok_text(doc, j)).view())) != 0;
}

bool words_at(const Doc& doc, std::uint32_t j, const ModifierPhrase& p) {
  for (int k = 0; k < p.n; ++k)
    if (!lower_is(doc, j + static_cast<std::uint32_t>(k), p.words[k])) return false;
  return true;
}

}  // namespace

std::uint32_t modifier_before(const Doc& doc, const std::vector<std::uint8_t>& claimed, std::uint32_t i,
                              std::uint32_t floor, Bound& bound) {
  bound = Bound::kExact;
  // every modifier ends with the token before i: one filter of their last words first
  static const WordFilter last_words = [] {
    WordFilter f;
    for (const auto& p : kBefore) f.add(p.words[p.n - 1]);
    return f;
  }();
  if (i == 0 || i <= floor || !last_words.may_contain(tok_text(doc, i - 1))) return i;
  for (const auto& p : kBefore) {
    const auto n = static_cast<std::uint32_t>(p.n);
    if (i < floor + n) continue;
    if (!words_at(doc, i - n, p) || !all_free(claimed, i - n, i)) continue;
    // "ticked up to 4.2%": "up" belongs to the verb, "to" to the change's result
    if (p.n == 2 && p.words[0] == "up" && i - n > 0 && up_verb(doc, i - n - 1)) continue;
    bound = p.bound;
    return i - n;
  }
  return i;
}

std::string bound_members(Bound bound) {
  std::string v;
  auto key = [&](const char* k, const char* val) {
    if (!v.empty()) v += ',';
    v += '"';
    v += k;
    v += "\":";
    v += val;
  };
  if (bound == Bound::kApprox || bound == Bound::kNearlyBelow || bound == Bound::kJustAbove) key("approx", "true");
  if (bound == Bound::kAbove || bound == Bound::kAtLeast || bound == Bound::kJustAbove) key("open", "\"above\"");
  if (bound == Bound::kBelow || bound == Bound::kAtMost || bound == Bound::kNearlyBelow) key("open", "\"below\"");
  if (bound == Bound::kAtLeast || bound == Bound::kAtMost) key("inclusive", "true");
  return v;
}

namespace {

/// The modifier starting at token e ("or more"): one past its end (e when none).
std::uint32_t modifier_after(const Doc& doc, const std::vector<std::uint8_t>& claimed, std::uint32_t e, Bound& bound) {
  for (const auto& p : kAfter)
    if (words_at(doc, e, p) && all_free(claimed, e, e + static_cast<std::uint32_t>(p.n))) {
      bound = p.bound;
      return e + static_cast<std::uint32_t>(p.n);
    }
  return e;
}

/// A sign token glued to the number after it ("-2.5%" is tokenised "-", "2.5", "%"; "−"
/// is U+2212), or the word "minus"; 0 when token i is no sign.
int sign_at(const Doc& doc, std::uint32_t i) {
  if (i + 1 >= doc.size()) return 0;
  std::string_view t = tok_text(doc, i);
  const bool sign_glued = glued(doc, i + 1);
  const bool free_before = i == 0 || doc.token_end()[i - 1] < doc.token_begin()[i];
  if (sign_glued && free_before && (t == "-" || t == "\xE2\x88\x92" || t == "+")) return t == "+" ? 1 : -1;
  if (lower_is(doc, i, "minus") && !sign_glued) return -1;
  return 0;
}

/// The number of a range's second part: "to", "and" (after "between"), or a dash between
/// two numbers; the separator tokens counted in `sep`.
bool range_second(const Doc& doc, std::uint32_t j, bool between, NumberParse& np, std::uint32_t& sep) {
  if (j >= doc.size()) return false;
  std::string_view t = tok_text(doc, j);
  const bool dash = t == "-" || t == "\xE2\x80\x93" /* – */ || t == "\xE2\x80\x94" /* — */;
  if (!(between ? lower_is(doc, j, "and") : (lower_is(doc, j, "to") || dash))) return false;
  sep = 1;
  if (!parse_number_at(doc, j + 1, np) || np.ordinal) return false;
  // a dash between numbers is a range only when it touches both ("10-20", "10–20")
  if (dash && (!glued(doc, j) || !glued(doc, j + 1))) return false;
  return true;
}

/// The scale word a scaled number carried: 1e3, 1e6, 1e9 or 1e12 (the largest not above it).
double scale_of(double v) {
  double scale = 1;
  for (double s : {1e3, 1e6, 1e9, 1e12})
    if (v >= s) scale = s;
  return scale;
}

/// "10-20" in one token: both parts plain numbers. The second part may repeat the currency
/// symbol before the token (`symbol`: "$" "5-$10"), and the first part may end in "%" when
/// `percent_first` is given ("3%-4" "%"): it is then set to whether it did.
bool dash_range_token(std::string_view t, double& lo, double& hi, std::string_view symbol = {},
                      bool* percent_first = nullptr) {
  auto dash = t.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= t.size()) return false;
  std::string_view first = t.substr(0, dash), second = t.substr(dash + 1);
  if (!symbol.empty() && second.size() > symbol.size() && second.substr(0, symbol.size()) == symbol)
    second.remove_prefix(symbol.size());
  if (percent_first != nullptr) {
    *percent_first = first.size() > 1 && first.back() == '%';
    if (*percent_first) first.remove_suffix(1);
  }
  NumberParse a, b;
  if (!parse_number_text(first, a) || !parse_number_text(second, b)) return false;
  if (a.ordinal || b.ordinal || a.words || b.words || a.value >= b.value) return false;
  // "2019-20" and "1990-1995" are years, left to the DATE recogniser
  if (a.plain_int && a.digits == 4 && a.value >= 1800 && a.value <= 2100) return false;
  lo = a.value;
  hi = b.value;
  return true;
}

/// Token i is "one" used as a pronoun, which OntoNotes leaves unmarked: "no one"; after a
/// determiner or "a"/"an" and one adjective when no noun follows ("the one", "each one of
/// them", "On the one hand", "a complex one."); before "another" or a relative pronoun ("one
/// which", "simply one that"); or as a generic subject before a modal ("one must"). "one of the",
/// "the one person", "said that one man", "the one or two" stay CARDINAL.
bool pronoun_one(const Doc& doc, std::uint32_t i) {
  if (!lower_is(doc, i, "one")) return false;
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  auto word_at = [&](std::uint32_t k, std::initializer_list<std::string_view> ws) {
    if (k >= n) return false;
    for (auto w : ws)
      if (lower_is(doc, k, w)) return true;
    return false;
  };
  if (word_at(i + 1, {"another", "which", "who", "whom", "whose"})) return true;
  if (word_at(i + 1, {"that"}) && i > 0 && doc.kind(i - 1) == TokenKind::kWord) return true;  // "not one that"
  if (i > 0 && word_at(i - 1, {"no"})) return true;
  // no noun after it: the end of the phrase, "of", the idiom's "hand", a verb or a pronoun
  const bool alone = i + 1 >= n || doc.kind(i + 1) == TokenKind::kPunct ||
                     word_at(i + 1, {"of", "hand", "is", "was", "has", "had", "does", "did", "i", "he", "she", "we",
                                     "they", "you", "it"});
  if (alone && i > 0 && word_at(i - 1, {"the", "each", "every", "any", "this", "that", "which", "another"}))
    return true;
  if (alone && i > 1 && word_at(i - 2, {"a", "an"}) && doc.kind(i - 1) == TokenKind::kWord) {
    const std::string_view adj = tok_text(doc, i - 1);
    if (!adj.empty() && !is_ascii_upper(adj[0])) return true;
  }
  const bool clause_start = i == 0 || doc.kind(i - 1) == TokenKind::kPunct ||
                            word_at(i - 1, {"and", "but", "or", "if", "when", "so", "because", "unless", "where"});
  if (clause_start && word_at(i + 1, {"must", "can", "cannot", "could", "might", "may", "should", "would", "will",
                                      "shall", "ought", "needs", "wonders"}))
    return true;
  // the subject of a verb of saying at the start of a sentence: "One said he was scared";
  // not after a count ("Two were hurt and one said", "Of the 12, one told police")
  const bool sentence_start = i == 0 || word_at(i - 1, {".", "!", "?", "\"", "\xE2\x80\x9C"});
  return sentence_start &&
         word_at(i + 1, {"said", "says", "told", "added", "recalled", "wrote", "explained", "replied", "admitted"});
}

/// Token i is a number with the suffix "m" ("500m") that is a distance in metres, not a
/// count in millions: a lower-case "m" before a word of distance or direction ("200m
/// away", "a 30m high wall", "500m north of"). Words that also follow sums of money
/// ("from", "short", "ahead", "above") are left to millions: "20m short of its target".
bool metres_not_millions(const Doc& doc, std::uint32_t i) {
  const std::string_view t = tok_text(doc, i);
  if (t.size() < 2 || t.back() != 'm' || !is_ascii_digit(t[t.size() - 2]) || i + 1 >= doc.size()) return false;
  for (std::string_view w :
       {"away",      "long",      "high",       "tall",   "wide",     "deep",      "underground", "offshore",
        "inland",    "upstream",  "downstream", "north",  "south",    "east",      "west",        "northeast",
        "northwest", "southeast", "southwest",  "uphill", "downhill", "underwater"})
    if (lower_is(doc, i + 1, w)) return true;
  return false;
}

struct Temperature {
  double value = 0;
  const char* unit = nullptr;  ///< "celsius", "fahrenheit", "degree"; null: no temperature
  std::uint32_t end = 0;       ///< one past its last token
};

/// A temperature at token i: "40°C", "104°F", "40C", "104F" in one token, or a number and a
/// glued "°" ("12°", "12 °" tokenised "12" "°"). "40C" and "104F" without the degree sign
/// only when no word of a place or a code comes before ("seat 16F", "Room 40C").
Temperature temperature(const Doc& doc, std::uint32_t i) {
  std::string_view t = tok_text(doc, i);
  Temperature out;
  out.end = i + 1;
  bool bare = false;  // "40C" without the degree sign
  constexpr std::string_view kDegree = "\xC2\xB0";
  if (t.size() > 3 && t.substr(t.size() - 3, 2) == kDegree && (t.back() == 'C' || t.back() == 'F')) {
    out.unit = t.back() == 'C' ? "celsius" : "fahrenheit";
    t.remove_suffix(3);
  } else if (t.size() > 2 && t.substr(t.size() - 2) == kDegree) {
    out.unit = "degree";
    t.remove_suffix(2);
  } else if (t.size() > 1 && (t.back() == 'C' || t.back() == 'F') && is_ascii_digit(t[t.size() - 2])) {
    out.unit = t.back() == 'C' ? "celsius" : "fahrenheit";
    t.remove_suffix(1);
    bare = true;
  } else if (i + 1 < doc.size() && tok_text(doc, i + 1) == kDegree && glued(doc, i + 1)) {
    out.unit = "degree";
    out.end = i + 2;
  }
  NumberParse np;
  if (out.unit == nullptr || t.empty() || !parse_number_text(t, np) || np.words || np.ordinal || np.scaled ||
      np.value > 10000)
    return {};
  if (bare && i > 0) {
    const std::string_view before = tok_text(doc, i - 1);
    if (!before.empty() && is_ascii_upper(before[0])) return {};  // "Room 40C", "Gate 16F"
    for (std::string_view w : {"seat", "room", "gate", "row", "flat", "apartment", "apt", "unit", "block", "level",
                               "floor", "platform", "bus", "route", "terminal", "suite", "box", "no.", "number"})
      if (lower_is(doc, i - 1, w)) return {};
  }
  out.value = np.value;
  return out;
}

/// The denominator a fraction word names ("thirds" 3, "quarter" 4, "halves" 2), else 0.
int fraction_denominator(std::string_view lower) {
  static const std::pair<std::string_view, int> k[] = {
      {"half", 2},   {"halves", 2},  {"third", 3}, {"thirds", 3}, {"quarter", 4}, {"quarters", 4},
      {"fifth", 5},  {"fifths", 5},  {"sixth", 6}, {"sixths", 6}, {"seventh", 7}, {"sevenths", 7},
      {"eighth", 8}, {"eighths", 8}, {"ninth", 9}, {"ninths", 9}, {"tenth", 10},  {"tenths", 10}};
  for (const auto& [w, d] : k)
    if (lower == w) return d;
  return 0;
}

/// Vague amounts that OntoNotes marks CARDINAL: "dozens", "hundreds", "thousands",
/// "millions", "tens of thousands", "hundreds of millions" (as many tokens as matched).
std::uint32_t vague_amount(const Doc& doc, std::uint32_t i, double& lo, double& hi) {
  auto plural = [&](std::uint32_t j, double& v) {
    if (lower_is(doc, j, "dozens")) return v = 12, true;
    if (lower_is(doc, j, "hundreds")) return v = 100, true;
    if (lower_is(doc, j, "thousands")) return v = 1e3, true;
    if (lower_is(doc, j, "millions")) return v = 1e6, true;
    if (lower_is(doc, j, "billions")) return v = 1e9, true;
    return false;
  };
  double a = 0;
  std::uint32_t n = 0;
  if (lower_is(doc, i, "tens") && lower_is(doc, i + 1, "of") && plural(i + 2, a) && a >= 1e3) {
    lo = 20 * a, hi = 100 * a - 1, n = 3;
  } else if (plural(i, a)) {
    lo = 2 * a, hi = (a == 12 ? 12 * 12 : 10 * a) - 1, n = 1;
    double b = 0;
    if (a == 100 && lower_is(doc, i + 1, "of") && plural(i + 2, b) && b >= 1e3) lo = 200 * b, hi = 1000 * b - 1, n = 3;
  }
  // only before "of" or a plural noun-ish word: "thousands of people", "hundreds protested"
  if (n == 0) return 0;
  if (i > 0 && (lower_is(doc, i - 1, "the") || lower_is(doc, i - 1, "in"))) return 0;  // "the 1990s", "in thousands"
  return n;
}

/// The value of a numeric entity: the bare number when exact and without unit, else an
/// object (docs/rules.md): {"value"|"amount": n} or {"min": a, "max": b}, with
/// "currency"/"unit", and the modifier as "approx": true and/or "open": "above"|"below"
/// ("inclusive": true for at least / at most).
struct NumericValue {
  double value = 0, hi = 0;
  bool range = false;
  Bound bound = Bound::kExact;
  std::string_view currency, unit;

  std::string json(bool object_key_amount) const {
    const bool bare = !range && bound == Bound::kExact && currency.empty() && unit.empty();
    if (bare) return json_number(value);
    std::string v = "{";
    auto key = [&](std::string_view k) {
      if (v.size() > 1) v += ',';
      v += '"';
      v += k;
      v += "\":";
    };
    const std::string_view number_key = object_key_amount ? "amount" : "value";
    switch (range ? Bound::kExact : bound) {
      case Bound::kAbove:
      case Bound::kAtLeast:
      case Bound::kJustAbove:
        key("min");
        break;
      case Bound::kBelow:
      case Bound::kAtMost:
      case Bound::kNearlyBelow:
        key("max");
        break;
      default:
        key(range ? std::string_view("min") : number_key);
    }
    append_json_number(v, value);
    if (range) {
      key("max");
      append_json_number(v, hi);
    }
    if (!currency.empty()) key("currency"), v += json_string(currency);
    if (!unit.empty()) key("unit"), v += json_string(unit);
    if (const std::string members = bound_members(bound); !members.empty()) v += ',' + members;
    v += '}';
    return v;
  }
};

}  // namespace

/// First letters and lengths of the words a numeric entity can start with besides the
/// number words: "minus" (a sign) and the vague amounts ("tens", "dozens", "hundreds" ...).
const WordFilter& numeric_start_filter() {
  static const WordFilter f = [] {
    WordFilter w;
    for (const auto& kv : number_words()) w.add(kv.first);
    for (const char* x : {"minus", "tens", "dozens", "hundreds", "thousands", "millions", "billions"}) w.add(x);
    return w;
  }();
  return f;
}

/// True when no numeric entity can start at a token of text `t` (find_numeric's cheap
/// filter; false when one may): not number-like, no number word, "minus" or vague amount
/// by first letter and length, no hyphen (signs, one-token ranges, "twenty-five"), and,
/// when 3 bytes or shorter, no currency symbol or code or sign ('$', '+', an upper-case
/// letter or a non-ASCII byte first).
bool cannot_start_numeric(std::string_view t, const char* limit) {
  if (t.empty() || looks_numeric(t) || numeric_start_filter().may_contain(t)) return false;
  const unsigned char c = static_cast<unsigned char>(t[0]);
  if (t.size() <= 3 && (c == '$' || c == '+' || is_ascii_upper(static_cast<char>(c)) || c >= 0x80)) return false;
  return !has_hyphen(t, limit != nullptr ? limit : t.data() + t.size());
}

std::vector<Entity> find_numeric(const Doc& doc, const std::vector<std::uint8_t>& claimed,
                                 const std::vector<std::uint8_t>* starts) {
  std::vector<Entity> out;
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  const auto& symbols = currency_symbols();
  const char* const text_end = doc.text().data() + doc.text().size();
  std::uint32_t floor = 0;  // no span may start before the end of the previous one
  // Adds [b, e) with its modifiers: widened to a modifier before b (not before `floor`)
  // and after e.
  auto emit = [&](std::uint32_t b, std::uint32_t e, const char* label, NumericValue v, bool amount_key) {
    Bound before = Bound::kExact, after = Bound::kExact;
    std::uint32_t mb = modifier_before(doc, claimed, b, floor, before);
    std::uint32_t me = modifier_after(doc, claimed, e, after);
    if (std::string_view(label) == "ORDINAL") mb = b, me = e, before = after = Bound::kExact;
    v.bound = before != Bound::kExact ? before : after;
    out.push_back(make(mb, me, label, v.json(amount_key)));
    floor = me;
    return me;
  };
  for (std::uint32_t i = 0; i < n;) {
    if (!claimed.empty() && claimed[i]) {
      ++i;
      continue;
    }
    std::string_view t = tok_text(doc, i);
    if (starts != nullptr ? (*starts)[i] == 0 : cannot_start_numeric(t, text_end)) {
      ++i;
      continue;
    }
    // a sign before the amount: "-2.5%", "−0.3 percent", "minus 5 degrees"
    const int sign = all_free(claimed, i, i + 1) ? sign_at(doc, i) : 0;
    const std::uint32_t at = sign != 0 ? i + 1 : i;
    // currency before the amount: "$5bn", "€20 million", "US$ 5", "USD 10"
    // every symbol and code is 1-3 bytes, starts with '$', an upper-case letter or a non-ASCII byte
    const bool maybe_symbol = sign == 0 && !t.empty() && t.size() <= 3 &&
                              (t[0] == '$' || is_ascii_upper(t[0]) || static_cast<unsigned char>(t[0]) >= 0x80);
    auto sym = maybe_symbol ? symbols.find(t) : symbols.end();
    NumberParse np;
    double lo = 0, hi = 0;
    // a sign before a currency symbol: "-$5 million", "minus $5 million"
    if (sign != 0 && at + 1 < n) {
      const auto signed_sym = symbols.find(tok_text(doc, at));
      if (signed_sym != symbols.end() && parse_number_at(doc, at + 1, np) && !np.ordinal && !np.words &&
          all_free(claimed, i, np.end)) {
        NumericValue v;
        v.value = sign * np.value;
        v.currency = signed_sym->second;
        i = emit(i, np.end, "MONEY", v, true);
        continue;
      }
    }
    if (sym != symbols.end() && i + 1 < n && dash_range_token(tok_text(doc, i + 1), lo, hi, t) &&
        all_free(claimed, i, i + 2)) {  // "$5-10 billion", "$5-$10"
      std::uint32_t end = i + 2;
      const double scale = end < n ? scale_word(Lower(tok_text(doc, end)).view()) : 0;
      if (scale >= 1e3 && all_free(claimed, end, end + 1)) ++end;
      NumericValue v;
      v.value = lo * (scale >= 1e3 ? scale : 1);
      v.hi = hi * (scale >= 1e3 ? scale : 1);
      v.range = true;
      v.currency = sym->second;
      i = emit(i, end, "MONEY", v, true);
      continue;
    }
    if (sym != symbols.end() && parse_number_at(doc, i + 1, np) && !np.ordinal && !np.words &&
        all_free(claimed, i, np.end)) {
      NumericValue v;
      v.value = np.value;
      v.currency = sym->second;
      std::uint32_t end = np.end;
      // "$5 to $10 million", "between $5 and $10": a range in the same currency
      const bool between = i > 0 && i - 1 >= floor && lower_is(doc, i - 1, "between") && all_free(claimed, i - 1, i);
      if (end < n && (between ? lower_is(doc, end, "and") : lower_is(doc, end, "to"))) {
        std::uint32_t second = end + 1;
        if (second < n && tok_text(doc, second) == t) ++second;
        NumberParse np2;
        if (parse_number_at(doc, second, np2) && !np2.ordinal && !np2.words && all_free(claimed, end, np2.end)) {
          double first = np.value;
          if (np2.scaled && !np.scaled && first < 1000) first *= scale_of(np2.value);
          if (first < np2.value) {
            v.range = true;
            v.value = first;
            v.hi = np2.value;
            end = np2.end;
          }
        }
      }
      i = emit(v.range && between ? i - 1 : i, end, "MONEY", v, true);
      continue;
    }
    bool percent_first = false;
    if (sign == 0 && dash_range_token(t, lo, hi, {}, &percent_first) && all_free(claimed, i, i + 1)) {
      std::uint32_t end = i + 1;
      // "10-20 million"
      if (const double scale = end < n ? scale_word(Lower(tok_text(doc, end)).view()) : 0;
          scale >= 1e3 && all_free(claimed, end, end + 1))
        lo *= scale, hi *= scale, ++end;
      Currency cur{};
      std::string_view unit;
      const bool scaled = end > i + 1;
      After after = classify_after(doc, end, end, cur, unit);
      if (after != After::kNone && !all_free(claimed, i + 1, end)) after = After::kNone, end = i + 1;
      // "3%-4" is a range only before its "%" ("3%-4%")
      if (percent_first && (scaled || after != After::kPercent)) {
        ++i;
        continue;
      }
      // a bare "555-1234", "737-800", "101-105" is a code or a model, not a range: a range in
      // one token needs a unit, a currency, "%" or a scale after it
      if (after == After::kNone && !scaled) {
        ++i;
        continue;
      }
      NumericValue v;
      v.value = lo * (after == After::kCurrency ? cur.factor : 1);
      v.hi = hi * (after == After::kCurrency ? cur.factor : 1);
      v.range = true;
      if (after == After::kCurrency) v.currency = cur.code;
      if (after == After::kUnit) v.unit = unit;
      const char* label = after == After::kPercent    ? "PERCENT"
                          : after == After::kCurrency ? "MONEY"
                          : after == After::kUnit     ? "QUANTITY"
                                                      : "CARDINAL";
      i = emit(i, end, label, v, after == After::kCurrency || after == After::kUnit);
      continue;
    }
    if (sign == 0) {
      if (std::uint32_t k = vague_amount(doc, i, lo, hi); k > 0 && all_free(claimed, i, i + k)) {
        NumericValue v;
        v.value = lo, v.hi = hi, v.range = true, v.bound = Bound::kApprox;
        // "millions of dollars", "billions of euros": an amount of money (OntoNotes MONEY)
        Currency cur{};
        std::string_view unit;
        std::uint32_t money_end = i + k + 1;
        if (lower_is(doc, i + k, "of") && classify_after(doc, i + k + 1, money_end, cur, unit) == After::kCurrency &&
            all_free(claimed, i + k, money_end)) {
          v.value = lo * cur.factor, v.hi = hi * cur.factor, v.currency = cur.code;
          i = emit(i, money_end, "MONEY", v, true);
          continue;
        }
        out.push_back(make(i, i + k, "CARDINAL", v.json(false)));
        i = floor = i + k;
        continue;
      }
    }
    // a temperature: "40°C", "-5°C", "104F", "12°" (temperature())
    if (at < n && all_free(claimed, i, at + 1)) {
      if (const Temperature temp = temperature(doc, at); temp.unit != nullptr && all_free(claimed, i, temp.end)) {
        NumericValue v;
        v.value = sign < 0 ? -temp.value : temp.value;
        v.unit = temp.unit;
        i = emit(i, temp.end, "QUANTITY", v, true);
        continue;
      }
    }
    // a fraction in words: "two-thirds" in one token, "Two - thirds" in three (OntoNotes CARDINAL)
    if (sign == 0 && has_hyphen(t, text_end) && t.size() < 40) {
      const auto dash = t.rfind('-');
      NumberParse whole;
      const int den = fraction_denominator(Lower(t.substr(dash + 1)).view());
      if (den > 0 && parse_number_text(t.substr(0, dash), whole) && whole.words && !whole.ordinal &&
          all_free(claimed, i, i + 1)) {
        NumericValue v;
        v.value = whole.value / den;
        i = emit(i, i + 1, "CARDINAL", v, false);
        continue;
      }
    }
    if (!parse_number_at(doc, at, np) || !all_free(claimed, i, np.end) || (sign != 0 && (np.words || np.ordinal))) {
      ++i;
      continue;
    }
    if (sign == 0 && np.words && !np.ordinal && np.end + 1 < n && tok_text(doc, np.end) == "-" && glued(doc, np.end) &&
        glued(doc, np.end + 1) && all_free(claimed, i, np.end + 2)) {
      if (const int den = fraction_denominator(Lower(tok_text(doc, np.end + 1)).view()); den > 0) {
        NumericValue v;
        v.value = np.value / den;
        i = emit(i, np.end + 2, "CARDINAL", v, false);
        continue;
      }
    }
    if (sign < 0) np.value = -np.value;
    std::uint32_t end = np.end;
    Currency cur{};
    std::string_view unit;
    // a range: "10 to 20 percent", "between 10 and 20", "10-20 km" (dash tokens)
    NumberParse np2;
    std::uint32_t sep = 0;
    const bool between = i > 0 && lower_is(doc, i - 1, "between") && all_free(claimed, i - 1, i) && i - 1 >= floor;
    bool range = false;
    if (!np.ordinal && range_second(doc, end, between, np2, sep) && all_free(claimed, end, np2.end) &&
        np2.value > np.value && !(np.plain_int && np.digits == 4 && np.value >= 1800 && np.value <= 2100)) {
      range = true;
      // "10 to 20 million": the scale of the second part applies to the first
      if (np2.scaled && !np.scaled && np.value < 1000 && np.value * scale_of(np2.value) < np2.value)
        np.value *= scale_of(np2.value);
      end = np2.end;
    }
    std::uint32_t after_end = end;
    After after = np.ordinal ? After::kNone : classify_after(doc, end, after_end, cur, unit);
    if (after != After::kNone && !all_free(claimed, end, after_end)) after = After::kNone, after_end = end;
    if (after == After::kNone && !range && sign == 0 && np.plain_int && np.digits == 4 && np.value >= 1800 &&
        np.value <= 2100) {
      i = np.end;  // a year: left to the DATE recogniser
      continue;
    }
    if (after == After::kNone && !range && sign == 0 && np.scaled && np.end == i + 1 && metres_not_millions(doc, i)) {
      NumericValue v;
      v.value = np.value / 1e6;
      v.unit = "m";
      i = emit(i, np.end, "QUANTITY", v, true);
      continue;
    }
    NumericValue v;
    v.value = np.value * (after == After::kCurrency ? cur.factor : 1);
    v.range = range;
    v.hi = range ? np2.value * (after == After::kCurrency ? cur.factor : 1) : 0;
    const std::uint32_t b = range && between ? i - 1 : i;
    switch (after) {
      case After::kPercent: {
        // "between 0.25% and 0.5%", "growth of 2% to 3%": the percent sign on both points; not
        // a change and its result ("rose 2% to 3%", "by two percentage points to 21 per cent")
        std::uint32_t end2 = after_end;
        NumberParse p2;
        std::uint32_t sep2 = 0;
        const bool range_context = between || (i > 0 && (lower_is(doc, i - 1, "of") || lower_is(doc, i - 1, "at")));
        if (!range && range_context && range_second(doc, after_end, between, p2, sep2) &&
            all_free(claimed, after_end, p2.end) && p2.value > np.value) {
          Currency c2{};
          std::string_view u2;
          std::uint32_t e2 = p2.end;
          if (classify_after(doc, p2.end, e2, c2, u2) == After::kPercent && all_free(claimed, p2.end, e2)) {
            v.range = true;
            v.hi = p2.value;
            end2 = e2;
          }
        }
        i = emit(v.range && between ? i - 1 : i, end2, "PERCENT", v, false);
        break;
      }
      case After::kCurrency:
        v.currency = cur.code;
        i = emit(b, after_end, "MONEY", v, true);
        break;
      case After::kUnit:
        v.unit = unit;
        i = emit(b, after_end, "QUANTITY", v, true);
        break;
      case After::kNone:
        if (!range && sign == 0 && end == i + 1 && pronoun_one(doc, i)) {
          i = end;
          break;
        }
        i = emit(b, end, np.ordinal ? "ORDINAL" : "CARDINAL", v, false);
        break;
    }
  }
  return out;
}

}  // namespace internal::rules

std::vector<Entity> find_numeric_entities(const Doc& doc) { return internal::rules::find_numeric(doc, {}); }

}  // namespace byline
