// CARDINAL, ORDINAL, PERCENT, MONEY, QUANTITY recognisers. Table-driven; no heap
// allocation per token (lookups use stack-lowered string_views on static tables).
#include "rules/numbers.h"

#include <unordered_map>

#include "byline/rules.h"
#include "rules/text_util.h"

namespace byline {
namespace internal::rules {
namespace {

struct WordNum {
  double value;
  enum Kind : std::uint8_t { kUnit, kTens, kHundred, kScale, kOrdinal } kind;
};

const std::unordered_map<std::string_view, WordNum>& number_words() {
  static const std::unordered_map<std::string_view, WordNum> t = [] {
    std::unordered_map<std::string_view, WordNum> m;
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
  return 0;
}

struct Currency {
  std::string_view code;
  double factor;
};

const std::unordered_map<std::string_view, std::string_view>& currency_symbols() {
  static const std::unordered_map<std::string_view, std::string_view> t = {{"$", "USD"},
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

const std::unordered_map<std::string_view, Currency>& currency_words() {
  static const std::unordered_map<std::string_view, Currency> t = {
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

const std::unordered_map<std::string_view, std::string_view>& unit_words() {
  static const std::unordered_map<std::string_view, std::string_view> t = {{"km", "km"},
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
  double v = 0;
  int int_digits = 0, group = -1;
  bool comma = false;
  while (i < s.size()) {
    char c = s[i];
    if (is_ascii_digit(c)) {
      v = v * 10 + (c - '0');
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
    ++i;
    double scale = 0.1;
    while (i < s.size() && is_ascii_digit(s[i])) {
      v += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
  }
  if (int_digits == 0 && !frac) return false;
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
    // hyphenated "twenty-five": the part before the hyphen must be a tens word
    auto dash = s.find('-');
    if (dash == std::string_view::npos || dash < 5 || dash > 7 || !number_word_filter().may_contain(s.substr(0, dash)))
      return false;
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

std::string money_value(double amount, std::string_view code) {
  std::string v = "{\"amount\":";
  append_json_number(v, amount);
  v += ",\"currency\":\"";
  v += code;
  v += "\"}";
  return v;
}

}  // namespace

std::vector<Entity> find_numeric(const Doc& doc, const std::vector<std::uint8_t>& claimed) {
  std::vector<Entity> out;
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  const auto& symbols = currency_symbols();
  for (std::uint32_t i = 0; i < n;) {
    if (!claimed.empty() && claimed[i]) {
      ++i;
      continue;
    }
    std::string_view t = tok_text(doc, i);
    // currency before the amount: "$5bn", "€20 million", "US$ 5", "USD 10"
    // every symbol and code is 1-3 bytes, starts with '$', an upper-case letter or a non-ASCII byte
    const bool maybe_symbol = !t.empty() && t.size() <= 3 &&
                              (t[0] == '$' || is_ascii_upper(t[0]) || static_cast<unsigned char>(t[0]) >= 0x80);
    auto sym = maybe_symbol ? symbols.find(t) : symbols.end();
    NumberParse np;
    if (sym != symbols.end() && parse_number_at(doc, i + 1, np) && !np.ordinal && !np.words &&
        all_free(claimed, i, np.end)) {
      out.push_back(make(i, np.end, "MONEY", money_value(np.value, sym->second)));
      i = np.end;
      continue;
    }
    if (!parse_number_at(doc, i, np) || !all_free(claimed, i, np.end)) {
      ++i;
      continue;
    }
    std::uint32_t end = np.end;
    Currency cur{};
    std::string_view unit;
    After after = np.ordinal ? After::kNone : classify_after(doc, np.end, end, cur, unit);
    if (after != After::kNone && !all_free(claimed, np.end, end)) after = After::kNone, end = np.end;
    if (after == After::kNone && np.plain_int && np.digits == 4 && np.value >= 1800 && np.value <= 2100) {
      i = np.end;  // a year: left to the DATE recogniser
      continue;
    }
    switch (after) {
      case After::kPercent:
        out.push_back(make(i, end, "PERCENT", json_number(np.value)));
        break;
      case After::kCurrency:
        out.push_back(make(i, end, "MONEY", money_value(np.value * cur.factor, cur.code)));
        break;
      case After::kUnit: {
        std::string v = "{\"amount\":";
        append_json_number(v, np.value);
        v += ",\"unit\":";
        v += json_string(unit);
        v += '}';
        out.push_back(make(i, end, "QUANTITY", std::move(v)));
        break;
      }
      case After::kNone:
        out.push_back(make(i, np.end, np.ordinal ? "ORDINAL" : "CARDINAL", json_number(np.value)));
        break;
    }
    i = end;
  }
  return out;
}

}  // namespace internal::rules

std::vector<Entity> find_numeric_entities(const Doc& doc) { return internal::rules::find_numeric(doc, {}); }

}  // namespace byline
