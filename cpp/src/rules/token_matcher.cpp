// TokenMatcher: spaCy-Matcher-like token patterns from JSON. Patterns whose first
// token is a literal (text/lower) are indexed by that literal; the rest are tried at
// every token. A pattern with ? + or * is matched by dynamic programming over the tokens
// of one sentence (linear in the sentence times the pattern length); the fixed-length
// others by a direct search. Regexes run on RE2.
#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "byline/errors.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"
#include "internal/chars.h"
#include "internal/files.h"
#include "internal/json_parse.h"
#include "internal/utf8.h"
#include "rules/text_util.h"

namespace byline {

using internal::rules::normalise;
using internal::rules::tok_text;

namespace {

enum class Op : std::uint8_t { kOne, kOpt, kStar, kPlus, kNot };

struct TokSpec {
  Op op = Op::kOne;
  std::vector<std::string> text_in;   // exact text alternatives
  std::vector<std::string> lower_in;  // lower-cased alternatives
  std::string shape;
  bool has_shape = false;
  std::int8_t is_digit = -1, is_alpha = -1, is_upper = -1, is_title = -1, is_punct = -1;
  std::shared_ptr<const re2::RE2> regex;  // null: no regex
  std::string ent_type;
};

struct Pattern {
  std::string label, id, value;
  std::vector<TokSpec> specs;
  bool has_run = false;  // some token has op ? + or *: matched exactly within a sentence by run_ends()
};

constexpr std::uint32_t kMaxMatchSentence = 1000;       // longer sentences are matched in pieces
constexpr std::size_t kMaxPatternTokens = 256;          // token specs per pattern
constexpr std::size_t kMaxValueBytes = 4096;            // a pattern's value (JSON text), copied to each match
constexpr std::size_t kMaxRegexBytes = 4096;            // a regex's source text
constexpr std::int64_t kRegexMaxMem = 1 << 22;          // RE2 memory budget per regex (bytes)
constexpr std::size_t kMaxRegexProgramTotal = 1 << 21;  // RE2 instructions of all distinct regexes

// Python-`re`-like classes for RE2, whose \w \d \s are ASCII: outside a character class
// \w \W \d \D \s \S become their Unicode forms; inside one, \w \d \D \s do, and \W \S
// (no Unicode form there) throw std::invalid_argument. \b \B stay ASCII word boundaries.
// Escaped backslashes and \Q...\E literals are left alone.
std::string unicode_classes(const std::string& re) {
  std::string out;
  out.reserve(re.size() + 16);
  bool in_class = false, literal = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (literal) {
      if (c == '\\' && i + 1 < re.size() && re[i + 1] == 'E') literal = false;
      out += c;
      if (!literal) out += re[++i];
      continue;
    }
    if (c == '\\' && i + 1 < re.size()) {
      const char n = re[i + 1];
      const char* rep = nullptr;
      if (!in_class) {
        switch (n) {
          case 'w':
            rep = "[\\p{L}\\p{N}\\p{M}_]";
            break;
          case 'W':
            rep = "[^\\p{L}\\p{N}\\p{M}_]";
            break;
          case 'd':
            rep = "\\p{Nd}";
            break;
          case 'D':
            rep = "\\P{Nd}";
            break;
          case 's':
            rep = "[\\s\\p{Z}\\x{85}]";
            break;
          case 'S':
            rep = "[^\\s\\p{Z}\\x{85}]";
            break;
          default:
            break;
        }
      } else {
        // Each expansion ends with a class escape, so that a following '-' stays a
        // literal ("[\\w-]") as it is after \\w, not the end of a range.
        switch (n) {
          case 'w':
            rep = "_\\p{L}\\p{N}\\p{M}";
            break;
          case 'd':
            rep = "\\p{Nd}";
            break;
          case 'D':
            rep = "\\P{Nd}";
            break;
          case 's':
            rep = "\\x{85}\\p{Z}\\s";
            break;
          case 'W':
          case 'S':
            throw std::invalid_argument(std::string("\\") + n +
                                        " inside a character class has no Unicode form in RE2; write it outside "
                                        "the class or use a negated class");
          default:
            break;
        }
      }
      if (n == 'Q') literal = true;
      if (rep) {
        out += rep;
      } else {
        out += c;
        out += n;
      }
      ++i;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < re.size() && re[i + 1] == '^') out += re[++i];
      if (i + 1 < re.size() && re[i + 1] == ']') out += re[++i];
      continue;
    }
    if (in_class && c == '[' && i + 1 < re.size() && re[i + 1] == ':') {  // [:alpha:] inside a class
      const std::size_t close = re.find(":]", i + 2);
      if (close != std::string::npos) {
        out.append(re, i, close + 2 - i);
        i = close + 1;
        continue;
      }
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

void shape_of(std::string_view t, std::string& out) {
  out.clear();
  const auto* u = reinterpret_cast<const unsigned char*>(t.data());
  char last = 0;
  int run = 0;
  for (std::size_t i = 0; i < t.size();) {
    int maximal = 1;
    int len = internal::valid_sequence_length(u, t.size(), i, &maximal);
    char32_t cp;
    if (len == 0) {
      cp = 0xFFFD;
      len = maximal;
    } else {
      int l2;
      cp = internal::decode(u, i, &l2);
    }
    char c;
    auto cls = internal::char_class(cp);
    if (cls == internal::kDigit)
      c = 'd';
    else if (cls == internal::kLetter)
      c = internal::is_upper(cp) ? 'X' : 'x';
    else
      c = 0;
    if (c) {
      run = (c == last) ? run + 1 : 1;
      last = c;
      if (run <= 4) out += c;
    } else {
      last = 0;
      run = 0;
      out.append(t.substr(i, len));
    }
    i += len;
  }
}

struct Flags {
  bool digit = true, alpha = true, upper = false, has_lower = false, title = false, punct = false;
};

Flags flags_of(const Doc& doc, std::uint32_t i) {
  std::string_view t = tok_text(doc, i);
  Flags f;
  const auto* u = reinterpret_cast<const unsigned char*>(t.data());
  bool any_letter = false, first = true, first_upper = false, later_upper = false;
  for (std::size_t k = 0; k < t.size();) {
    int maximal = 1;
    int len = internal::valid_sequence_length(u, t.size(), k, &maximal);
    if (len == 0) {
      f.digit = f.alpha = false;
      k += maximal;
      first = false;
      continue;
    }
    int l2;
    char32_t cp = internal::decode(u, k, &l2);
    auto cls = internal::char_class(cp);
    if (!(cp >= '0' && cp <= '9')) f.digit = false;
    if (cls != internal::kLetter && cls != internal::kMark) f.alpha = false;
    if (cls == internal::kLetter) {
      any_letter = true;
      bool up = internal::is_upper(cp);
      if (internal::is_lower(cp)) f.has_lower = true;
      if (first)
        first_upper = up;
      else if (up)
        later_upper = true;
    }
    first = false;
    k += len;
  }
  if (t.empty()) f.digit = f.alpha = false;
  f.upper = any_letter && !f.has_lower;
  f.title = first_upper && !later_upper && any_letter;
  f.punct = doc.token_kind()[i] == static_cast<std::uint8_t>(TokenKind::kPunct);
  return f;
}

[[noreturn]] void fail(std::size_t p, const std::string& msg) {
  throw ConfigError("patterns[" + std::to_string(p) + "]: " + msg);
}

std::vector<std::string> string_or_in(const nlohmann::json& v, std::size_t p, const std::string& key, bool lower) {
  std::vector<std::string> out;
  std::string buf;
  auto add = [&](const nlohmann::json& s) {
    if (!s.is_string()) fail(p, "'" + key + "' needs a string or {\"in\": [strings]}");
    std::string str = s.get<std::string>();
    out.emplace_back(lower ? std::string(normalise(str, true, buf)) : str);
  };
  if (v.is_string()) {
    add(v);
  } else if (v.is_object() && v.size() == 1 && v.contains("in") && v["in"].is_array()) {
    for (const auto& s : v["in"]) add(s);
  } else {
    fail(p, "'" + key + "' needs a string or {\"in\": [strings]}");
  }
  return out;
}

}  // namespace

struct TokenMatcher::Impl {
  EntitySource source = EntitySource::kUser;
  std::vector<Pattern> patterns;
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_text, by_lower;
  std::vector<std::uint32_t> generic;
  bool needs_ent_type = false, needs_flags = false, needs_shape = false;

  void build_index() {
    for (std::uint32_t k = 0; k < patterns.size(); ++k) {
      const TokSpec& s = patterns[k].specs[0];
      bool plain = s.op == Op::kOne && !s.has_shape && s.is_digit < 0 && s.is_alpha < 0 && s.is_upper < 0 &&
                   s.is_title < 0 && s.is_punct < 0 && !s.regex && s.ent_type.empty();
      if (plain && !s.text_in.empty() && s.lower_in.empty()) {
        for (const auto& t : s.text_in) by_text[t].push_back(k);
      } else if (plain && !s.lower_in.empty() && s.text_in.empty()) {
        for (const auto& t : s.lower_in) by_lower[t].push_back(k);
      } else {
        generic.push_back(k);
      }
      for (const auto& sp : patterns[k].specs) {
        if (!sp.ent_type.empty()) needs_ent_type = true;
        if (sp.is_digit >= 0 || sp.is_alpha >= 0 || sp.is_upper >= 0 || sp.is_title >= 0 || sp.is_punct >= 0)
          needs_flags = true;
        if (sp.has_shape) needs_shape = true;
      }
    }
    for (auto* m : {&by_text, &by_lower})
      for (auto& kv : *m) std::sort(kv.second.begin(), kv.second.end());
  }

  struct Scratch {
    std::string buf, shape;
    std::vector<std::int32_t> ent_label;  // per token: index into doc.labels() or -1
    std::vector<std::uint32_t> cand;
    std::vector<std::int64_t> dp_next, dp_cur, dp_run;
    // Per pattern with runs: the sentence whose match ends `run_end` holds (-1: none yet).
    std::vector<std::int64_t> run_sentence;
    std::vector<std::vector<std::int64_t>> run_end;
  };

  bool ok(const TokSpec& s, const Doc& doc, std::uint32_t i, Scratch& sc) const {
    std::string_view t = tok_text(doc, i);
    if (!s.text_in.empty()) {
      bool any = false;
      for (const auto& x : s.text_in) any = any || x == t;
      if (!any) return false;
    }
    if (!s.lower_in.empty()) {
      std::string_view l = normalise(t, true, sc.buf);
      bool any = false;
      for (const auto& x : s.lower_in) any = any || x == l;
      if (!any) return false;
    }
    if (s.has_shape) {
      shape_of(t, sc.shape);
      if (sc.shape != s.shape) return false;
    }
    if (s.is_digit >= 0 || s.is_alpha >= 0 || s.is_upper >= 0 || s.is_title >= 0 || s.is_punct >= 0) {
      Flags f = flags_of(doc, i);
      if (s.is_digit >= 0 && f.digit != (s.is_digit == 1)) return false;
      if (s.is_alpha >= 0 && f.alpha != (s.is_alpha == 1)) return false;
      if (s.is_upper >= 0 && f.upper != (s.is_upper == 1)) return false;
      if (s.is_title >= 0 && f.title != (s.is_title == 1)) return false;
      if (s.is_punct >= 0 && f.punct != (s.is_punct == 1)) return false;
    }
    if (!s.ent_type.empty()) {
      std::int32_t l = i < sc.ent_label.size() ? sc.ent_label[i] : -1;
      if (l < 0 || doc.labels()[static_cast<std::size_t>(l)] != s.ent_type) return false;
    }
    if (s.regex && !re2::RE2::FullMatch(re2::StringPiece(t.data(), t.size()), *s.regex)) return false;
    return true;
  }

  /// Longest end of pattern p from every token of sentence [b, e) (out[k] for token
  /// b + k; -1: no match), by dynamic programming from the right over (token spec,
  /// position): each predicate is tested once, so the cost is specs x tokens whatever
  /// the runs. Every match lies inside the sentence.
  void run_ends(const Pattern& p, std::uint32_t b, std::uint32_t e, const Doc& doc, Scratch& sc,
                std::vector<std::int64_t>& out) const {
    const std::size_t len = e - b;
    auto& next = sc.dp_next;
    auto& cur = sc.dp_cur;
    auto& g = sc.dp_run;
    next.resize(len + 1);
    for (std::size_t k = 0; k <= len; ++k) next[k] = static_cast<std::int64_t>(b + k);
    for (std::size_t s = p.specs.size(); s-- > 0;) {
      const TokSpec& spec = p.specs[s];
      cur.assign(len + 1, -1);
      g.assign(len + 2, -1);  // g[k]: best next[k'] over k' in [k, end of the run of matches from k]
      for (std::size_t k = len + 1; k-- > 0;) {
        const bool has = k < len;
        const bool m = has && ok(spec, doc, b + static_cast<std::uint32_t>(k), sc);
        switch (spec.op) {
          case Op::kOne:
            cur[k] = m ? next[k + 1] : -1;
            break;
          case Op::kNot:
            cur[k] = (has && !m) ? next[k + 1] : -1;
            break;
          case Op::kOpt:
            cur[k] = std::max(m ? next[k + 1] : -1, next[k]);
            break;
          case Op::kStar:
          case Op::kPlus:
            g[k] = std::max(next[k], m ? g[k + 1] : -1);
            cur[k] = spec.op == Op::kStar ? g[k] : (m ? g[k + 1] : -1);
            break;
        }
      }
      std::swap(cur, next);
    }
    out.assign(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(len));
  }

  /// End of the fixed-length pattern p (every token op 1 or !) matched from token t, or -1.
  std::int64_t fixed_end(const Pattern& p, std::uint32_t t, const Doc& doc, Scratch& sc) const {
    const std::size_t n = doc.size();
    for (const TokSpec& spec : p.specs) {
      if (t >= n || ok(spec, doc, t, sc) != (spec.op == Op::kOne)) return -1;
      ++t;
    }
    return t;
  }
};

TokenMatcher::TokenMatcher() : impl_(std::make_unique<Impl>()) {}
TokenMatcher::~TokenMatcher() = default;
TokenMatcher::TokenMatcher(TokenMatcher&&) noexcept = default;
TokenMatcher& TokenMatcher::operator=(TokenMatcher&&) noexcept = default;

std::size_t TokenMatcher::size() const noexcept { return impl_ ? impl_->patterns.size() : 0; }

std::vector<std::string> TokenMatcher::labels() const {
  std::set<std::string> s;
  if (impl_)
    for (const auto& p : impl_->patterns) s.insert(p.label);
  return {s.begin(), s.end()};
}

TokenMatcher TokenMatcher::from_json(std::string_view json, EntitySource source) {
  nlohmann::json root;
  try {
    root = internal::parse_json(json);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number overflow
    throw ConfigError(std::string("patterns: invalid JSON: ") + e.what());
  } catch (const internal::JsonTooDeep& e) {
    throw ConfigError(std::string("patterns: JSON ") + e.what());
  }
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    if (!root.contains("patterns") || root.size() != 1)
      throw ConfigError("patterns: expected an array of patterns or {\"patterns\": [...]}");
    list = &root["patterns"];
  }
  if (!list->is_array()) throw ConfigError("patterns: expected an array of patterns or {\"patterns\": [...]}");
  TokenMatcher m;
  m.impl_->source = source;
  TokenizerOptions to;
  to.split_sentences = false;
  to.utf8 = Utf8Policy::kReplace;
  std::unique_ptr<Tokenizer> tok;
  std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> compiled;  // by translated source
  std::size_t program_total = 0;                                              // RE2 instructions
  for (std::size_t p = 0; p < list->size(); ++p) {
    const auto& pj = (*list)[p];
    if (!pj.is_object()) fail(p, "a pattern must be an object with \"label\" and \"pattern\"");
    Pattern pat;
    for (auto it = pj.begin(); it != pj.end(); ++it) {
      const std::string& k = it.key();
      if (k == "label") {
        if (!it->is_string() || it->get<std::string>().empty()) fail(p, "'label' must be a non-empty string");
        pat.label = it->get<std::string>();
      } else if (k == "id") {
        if (!it->is_string()) fail(p, "'id' must be a string");
        pat.id = it->get<std::string>();
      } else if (k == "value") {
        pat.value = it->dump();
        if (pat.value.size() > kMaxValueBytes)
          fail(p, "'value' is " + std::to_string(pat.value.size()) + " bytes of JSON; at most " +
                      std::to_string(kMaxValueBytes) + " (it is copied into every match)");
      } else if (k != "pattern") {
        fail(p, "unknown key '" + k + "' (known: label, pattern, id, value)");
      }
    }
    if (pat.label.empty()) fail(p, "missing 'label'");
    if (!pj.contains("pattern")) fail(p, "missing 'pattern'");
    const auto& spec_j = pj["pattern"];
    if (spec_j.is_string()) {
      if (!tok) tok = std::make_unique<Tokenizer>(to);
      Doc d = tok->tokenize(spec_j.get<std::string>());
      if (d.empty()) fail(p, "empty phrase pattern");
      if (d.size() > kMaxPatternTokens)
        fail(p, "phrase has " + std::to_string(d.size()) + " tokens; at most " + std::to_string(kMaxPatternTokens));
      for (std::size_t i = 0; i < d.size(); ++i) {
        TokSpec s;
        s.text_in.emplace_back(d.token_text(i));
        pat.specs.push_back(std::move(s));
      }
    } else if (spec_j.is_array()) {
      if (spec_j.empty()) fail(p, "empty pattern");
      if (spec_j.size() > kMaxPatternTokens)
        fail(p,
             "pattern has " + std::to_string(spec_j.size()) + " tokens; at most " + std::to_string(kMaxPatternTokens));
      for (std::size_t ti = 0; ti < spec_j.size(); ++ti) {
        const auto& tj = spec_j[ti];
        std::string where = "token " + std::to_string(ti) + ": ";
        if (!tj.is_object()) fail(p, where + "each token must be an object");
        TokSpec s;
        for (auto it = tj.begin(); it != tj.end(); ++it) {
          std::string k = it.key();
          std::string lk = k;
          for (auto& c : lk) c = internal::rules::ascii_lower(c);
          auto boolean = [&](std::int8_t& dst) {
            if (!it->is_boolean()) fail(p, where + "'" + k + "' must be true or false");
            dst = it->get<bool>() ? 1 : 0;
          };
          if (lk == "text" || lk == "orth") {
            s.text_in = string_or_in(*it, p, k, false);
          } else if (lk == "lower") {
            s.lower_in = string_or_in(*it, p, k, true);
          } else if (lk == "shape") {
            if (!it->is_string()) fail(p, where + "'shape' must be a string");
            s.shape = it->get<std::string>();
            s.has_shape = true;
          } else if (lk == "is_digit") {
            boolean(s.is_digit);
          } else if (lk == "is_alpha") {
            boolean(s.is_alpha);
          } else if (lk == "is_upper") {
            boolean(s.is_upper);
          } else if (lk == "is_title") {
            boolean(s.is_title);
          } else if (lk == "is_punct") {
            boolean(s.is_punct);
          } else if (lk == "regex") {
            if (!it->is_string()) fail(p, where + "'regex' must be a string");
            const std::string src = it->get<std::string>();
            if (src.size() > kMaxRegexBytes)
              fail(p, where + "regex is " + std::to_string(src.size()) + " bytes; at most " +
                          std::to_string(kMaxRegexBytes));
            re2::RE2::Options ro;
            ro.set_log_errors(false);
            ro.set_max_mem(kRegexMaxMem);
            std::string translated;
            try {
              translated = unicode_classes(src);
            } catch (const std::invalid_argument& e) {
              fail(p, where + "regex '" + src + "': " + e.what());
            }
            auto& re = compiled[translated];  // the same regex twice is compiled once
            if (!re) {
              auto fresh = std::make_shared<const re2::RE2>(translated, ro);
              if (!fresh->ok()) {
                compiled.erase(translated);
                fail(p, where + "bad regex '" + src + "': " + fresh->error());
              }
              program_total += static_cast<std::size_t>(fresh->ProgramSize());
              if (program_total > kMaxRegexProgramTotal)
                fail(p, where + "the regexes of the patterns compile to more than " +
                            std::to_string(kMaxRegexProgramTotal) +
                            " instructions together; use fewer or simpler ones");
              re = std::move(fresh);
            }
            s.regex = re;
          } else if (lk == "ent_type") {
            if (!it->is_string()) fail(p, where + "'ent_type' must be a string");
            s.ent_type = it->get<std::string>();
          } else if (lk == "op") {
            std::string op = it->is_string() ? it->get<std::string>() : "";
            if (op == "?")
              s.op = Op::kOpt;
            else if (op == "*")
              s.op = Op::kStar;
            else if (op == "+")
              s.op = Op::kPlus;
            else if (op == "!")
              s.op = Op::kNot;
            else if (op == "1")
              s.op = Op::kOne;
            else
              fail(p, where + "unknown operator '" + (it->is_string() ? op : it->dump()) + "' (use ? * + ! 1)");
          } else {
            fail(p, where + "unknown key '" + k +
                        "' (known: text, lower, shape, is_digit, is_alpha, is_upper, is_title, is_punct, regex, "
                        "ent_type, op)");
          }
        }
        pat.specs.push_back(std::move(s));
      }
      bool can_be_empty = true;
      for (const auto& s : pat.specs) can_be_empty = can_be_empty && (s.op == Op::kOpt || s.op == Op::kStar);
      if (can_be_empty) fail(p, "the pattern can match zero tokens");
      for (const auto& s : pat.specs)
        pat.has_run = pat.has_run || s.op == Op::kStar || s.op == Op::kPlus || s.op == Op::kOpt;
    } else {
      fail(p, "'pattern' must be an array of token specs or a string");
    }
    m.impl_->patterns.push_back(std::move(pat));
  }
  m.impl_->build_index();
  return m;
}

std::string read_pattern_file(const std::string& path) {
  return internal::read_config_file(path, internal::kMaxListFileBytes, "pattern file");
}

TokenMatcher TokenMatcher::from_file(const std::string& path, EntitySource source) {
  const std::string text = read_pattern_file(path);
  try {
    return from_json(text, source);
  } catch (const ConfigError& e) {
    throw ConfigError(path + ": " + e.what());
  }
}

std::vector<Entity> TokenMatcher::find(const Doc& doc) const {
  std::vector<Entity> out;
  if (!impl_ || impl_->patterns.empty()) return out;
  const Impl& im = *impl_;
  Impl::Scratch sc;
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  if (im.needs_ent_type) {
    sc.ent_label.assign(n, -1);
    const auto& eb = doc.entity_token_begin();
    const auto& ee = doc.entity_token_end();
    const auto& el = doc.entity_label_id();
    for (std::size_t k = 0; k < eb.size(); ++k)
      for (auto t = eb[k]; t < ee[k] && t < n; ++t) sc.ent_label[t] = el[k];
  }
  // Sentences cover the Doc (a Doc without them is one sentence); matches of patterns
  // with ? + * stay inside one, and sentences longer than kMaxMatchSentence tokens are
  // matched in pieces of that size (as the recognizer decodes them), so the per-pattern
  // tables stay small.
  std::vector<TokenRange> sents;
  auto add = [&](std::uint32_t b, std::uint32_t e) {
    for (; b < e; b += std::min(kMaxMatchSentence, e - b)) sents.push_back({b, b + std::min(kMaxMatchSentence, e - b)});
  };
  std::uint32_t covered = 0;
  for (const auto& r : doc.sentences()) {
    if (r.begin > covered) add(covered, r.begin);
    if (r.end > covered && r.begin >= covered) add(r.begin, r.end), covered = r.end;
  }
  if (covered < n) add(covered, n);
  std::size_t sent = 0;
  for (std::uint32_t i = 0; i < n;) {
    sc.cand.clear();
    std::string_view t = tok_text(doc, i);
    auto a = im.by_text.find(t);
    if (a != im.by_text.end()) sc.cand.insert(sc.cand.end(), a->second.begin(), a->second.end());
    if (!im.by_lower.empty()) {
      auto b = im.by_lower.find(normalise(t, true, sc.buf));
      if (b != im.by_lower.end()) sc.cand.insert(sc.cand.end(), b->second.begin(), b->second.end());
    }
    sc.cand.insert(sc.cand.end(), im.generic.begin(), im.generic.end());
    if (sc.cand.size() > 1) std::sort(sc.cand.begin(), sc.cand.end());
    std::int64_t best_end = -1;
    std::uint32_t best_p = 0;
    for (std::uint32_t p : sc.cand) {
      const Pattern& pat = im.patterns[p];
      std::int64_t e;
      if (pat.has_run) {
        while (sent + 1 < sents.size() && sents[sent].end <= i) ++sent;
        if (sc.run_sentence.empty()) {
          sc.run_sentence.assign(im.patterns.size(), -1);
          sc.run_end.resize(im.patterns.size());
        }
        if (sc.run_sentence[p] != static_cast<std::int64_t>(sent)) {
          im.run_ends(pat, sents[sent].begin, sents[sent].end, doc, sc, sc.run_end[p]);
          sc.run_sentence[p] = static_cast<std::int64_t>(sent);
        }
        e = sc.run_end[p][i - sents[sent].begin];
      } else {
        e = im.fixed_end(pat, i, doc, sc);
      }
      if (e > best_end) best_end = e, best_p = p;
    }
    if (best_end > static_cast<std::int64_t>(i)) {
      const Pattern& pat = im.patterns[best_p];
      Entity e;
      e.tok_begin = i;
      e.tok_end = static_cast<std::uint32_t>(best_end);
      e.label = pat.label;
      e.value = pat.value;
      e.source = im.source;
      i = e.tok_end;
      out.push_back(std::move(e));
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace byline
