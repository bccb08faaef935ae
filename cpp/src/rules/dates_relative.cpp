// Dates relative to the document date and durations (rules/date_scanner.h).
#include <cstdio>

#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {

std::string Scanner::shift(char code, int amount) const {
  if (!a_.valid()) return {};
  used_anchor_ = true;
  switch (code) {
    case 'D':
      return from_days(anchor_days_ + amount);
    case 'W': {
      int y, m, d, wy, w;
      civil_from_days(anchor_days_ + 7 * amount, y, m, d);
      iso_week(y, m, d, wy, w);
      char b[16];
      std::snprintf(b, sizeof b, "%04d-W%02d", wy, w);
      return b;
    }
    case 'M': {
      int t = a_.year * 12 + (a_.month - 1) + amount;
      return fmt_ym(t / 12, t % 12 + 1);
    }
    case 'Q': {
      int q = (a_.month - 1) / 3 + amount, y = a_.year;
      while (q < 0) q += 4, --y;
      while (q > 3) q -= 4, ++y;
      char b[16];
      std::snprintf(b, sizeof b, "%04d-Q%d", y, q + 1);
      return b;
    }
    case 'Y':
      return fmt_y(a_.year + amount);
    default:
      return {};
  }
}

bool Scanner::relative(std::uint32_t i, Match& m) {
  Lower l = low(i);
  if (l == "today" || l == "yesterday" || l == "tomorrow") {
    m.end = i + 1;
    m.value = shift('D', l == "today" ? 0 : l == "yesterday" ? -1 : 1);
    return true;
  }
  if (l == "tonight" || (l == "last" && is(i + 1, "night"))) {
    m.end = l == "tonight" ? i + 1 : i + 2;
    m.time = true;
    return true;
  }
  std::uint32_t j = i;
  bool the = false;
  if (is(j, "the")) the = true, ++j;
  int dir = 0;
  bool past = false;
  if (is(j, "last") || is(j, "previous") || is(j, "past")) {
    dir = -1, past = is(j, "past");
  } else if (is(j, "next") || is(j, "coming") || is(j, "following")) {
    dir = 1;
  } else if (!the && (is(j, "this") || is(j, "current"))) {
    dir = 0;
  } else {
    return false;
  }
  std::uint32_t k = j + 1;
  // "the past three years", "the next five years", "last two months"
  NumberParse np;
  Unit u;
  if (number(k, np) && period_word(np.end, u)) {
    m.end = np.end + 1;
    m.value = duration(np.value, u);
    return true;
  }
  if (is(k, "few") || is(k, "several")) {
    if (period_word(k + 1, u)) {
      m.end = k + 2;
      return true;
    }
  }
  if (period_word(k, u)) {
    m.end = k + 1;
    if (u.code == 'E') return true;
    Lower pl = low(k);
    if (pl.n > 1 && pl.buf[pl.n - 1] == 's') {
      // "the coming decades": no value
    } else if (past || the) {
      m.value = duration(1, u);
    } else if (u.mult == 1) {
      m.value = shift(u.code, dir);
    }
    return true;
  }
  if (!the) {
    if (int mo = month(k)) {
      m.end = k + 1;
      if (a_.valid()) {
        used_anchor_ = true;
        int y = a_.year;
        if (dir < 0 && mo >= a_.month) --y;
        if (dir > 0 && mo <= a_.month) ++y;
        m.value = fmt_ym(y, mo);
      }
      return true;
    }
    if (int wd = weekday(k)) {
      m.end = k + 1;
      m.value = resolve_weekday(wd, dir);
      return true;
    }
    static const std::array<std::string_view, 5> seasons = {"spring", "summer", "autumn", "fall", "winter"};
    for (auto s : seasons)
      if (is(k, s)) {
        m.end = k + 1;
        return true;
      }
    if (is(k, "morning") || is(k, "afternoon") || is(k, "evening")) {
      m.end = k + 1;
      m.time = true;
      return true;
    }
  }
  return false;
}

// six to nine months, 34 months, three weeks after, two years ago, six-to-nine-month, 34-month
bool Scanner::durations(std::uint32_t i, Match& m) {
  NumberParse a;
  Unit u;
  bool a_article = false;
  if ((is(i, "a") || is(i, "an")) && period_word(i + 1, u)) {
    a.value = 1, a.end = i + 1, a_article = true;
  } else if (is(i, "several") || is(i, "many") || (is(i, "a") && is(i + 1, "few"))) {
    std::uint32_t k = is(i, "a") ? i + 2 : i + 1;
    if (k < n_ && unit_of(low(k).view(), u) && !is_clock(u)) {
      m.end = k + 1;
      return true;
    }
    return false;
  } else if (!number(i, a)) {
    return compound_duration(i, m);
  }
  std::uint32_t j = a.end;
  NumberParse b;
  bool range = false;
  if (!a_article && (is(j, "to") || is(j, "-") || text_is(j, "\xE2\x80\x93") || is(j, "or") || is(j, "and")) &&
      number(j + 1, b) && b.value > a.value) {
    range = true;
    j = b.end;
  }
  if (j >= n_ || !unit_of(low(j).view(), u) || u.code == 'E') return false;
  std::uint32_t end = j + 1;
  std::string dur = range ? duration(a.value, u) + "/" + duration(b.value, u) : duration(a.value, u);
  if (!range && (is(end, "ago") || is(end, "earlier") || is(end, "later") || is(end, "after") || is(end, "before") ||
                 is(end, "previously"))) {
    bool ago = is(end, "ago");
    ++end;
    m.end = end;
    m.time = is_clock(u);
    if (ago && !is_clock(u) && a_.valid() && a.value == static_cast<int>(a.value)) {
      int amount = -static_cast<int>(a.value) * u.mult;
      m.value = u.code == 'D'   ? shift('D', amount)
                : u.code == 'W' ? shift('W', amount)
                : u.code == 'M' ? shift('M', amount)
                : u.code == 'Y' ? shift('Y', amount)
                                : shift('Q', amount);
    } else {
      m.value = dur;
    }
    return true;
  }
  if (a_article) return false;
  m.end = end;
  m.time = is_clock(u);
  m.value = dur;
  return true;
}

bool Scanner::compound_duration(std::uint32_t i, Match& m) {
  // one hyphenated token: "six-to-nine-month", "34-month", "five-year"
  std::string_view t = text(i);
  if (t.size() > 40 || t.find('-') == std::string_view::npos) return false;
  std::array<std::string_view, 4> parts;
  std::size_t np = 0, b = 0;
  for (std::size_t k = 0; k <= t.size(); ++k) {
    if (k == t.size() || t[k] == '-') {
      if (np == parts.size()) return false;
      parts[np++] = t.substr(b, k - b);
      b = k + 1;
    }
  }
  Unit u;
  if (np < 2 || !unit_of(Lower(parts[np - 1]).view(), u) || u.code == 'E') return false;
  NumberParse a, c;
  std::string dur;
  if (np == 2 && parse_number_text(parts[0], a) && !a.ordinal) {
    dur = duration(a.value, u);
  } else if (np == 4 && parse_number_text(parts[0], a) && !a.ordinal && Lower(parts[1]) == "to" &&
             parse_number_text(parts[2], c) && !c.ordinal) {
    dur = duration(a.value, u) + "/" + duration(c.value, u);
  } else {
    return false;
  }
  m.end = i + 1;
  m.time = is_clock(u);
  m.value = dur;
  return true;
}

}  // namespace internal::rules
}  // namespace byline
