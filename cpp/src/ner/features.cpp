// Feature extraction, resources, BILOU label handling and Viterbi for the NER tagger.
#include "ner/features.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "byline/errors.h"
#include "byline/ner.h"
#include "internal/chars.h"
#include "internal/files.h"
#include "internal/utf8.h"

namespace byline::ner {
namespace {

constexpr const char* kGroupNames[] = {"clusters", "gazetteer", "doc",         "context2",    "affixes", "bigrams",
                                       "memory",   "runs",      "casevariant", "memoryvotes", "vectors"};
constexpr int kNumGroups = 11;

inline bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// The shape character of the non-ASCII character starting at word[k] (Resources::
// unicode_shapes): 'X' upper or title case, 'x' lower case, 'u' another letter, 0 a
// combining mark, 'p' anything else (punctuation, symbols, digits of other scripts, and
// bytes that are not valid UTF-8).
char unicode_shape(std::string_view word, std::size_t k) {
  const auto* b = reinterpret_cast<const unsigned char*>(word.data());
  int sub = 0;
  if (internal::valid_sequence_length(b, word.size(), k, &sub) == 0) return 'p';
  int len = 0;
  const char32_t cp = internal::decode(b, k, &len);
  switch (internal::char_class(cp)) {
    case internal::kLetter:
      return internal::is_upper(cp) ? 'X' : internal::is_lower(cp) ? 'x' : 'u';
    case internal::kIdeograph:
      return 'u';
    case internal::kMark:
      return 0;
    default:
      return 'p';
  }
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t t = line.find('\t', pos);
    out.push_back(line.substr(pos, t == std::string_view::npos ? std::string_view::npos : t - pos));
    if (t == std::string_view::npos) break;
    pos = t + 1;
  }
  return out;
}

std::string read_file(const std::string& path, const char* what) {
  return internal::read_input_file(path, internal::kMaxListFileBytes, std::string(what) + " file");
}

template <class F>
void for_each_line(const std::string& text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    pos = nl + 1;
  }
}

const std::uint64_t kBos = hash_bytes("<S>");
const std::uint64_t kEos = hash_bytes("</S>");

}  // namespace

std::uint32_t group_from_name(const std::string& name) {
  for (int i = 0; i < kNumGroups; ++i)
    if (name == kGroupNames[i]) return 1u << i;
  return 0;
}

std::vector<std::string> group_names(std::uint32_t mask) {
  std::vector<std::string> out;
  for (int i = 0; i < kNumGroups; ++i)
    if (mask & (1u << i)) out.emplace_back(kGroupNames[i]);
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (is_upper(static_cast<unsigned char>(c))) c = static_cast<char>(c + 32);
  return out;
}

void Resources::load_clusters(const std::string& path) {
  std::string text = read_file(path, "clusters");
  clusters.clear();
  num_clusterings = 0;
  std::size_t line_no = 0;
  for_each_line(text, [&](std::string_view line) {
    ++line_no;
    if (line.empty() || line[0] == '#') return;
    auto cols = split_tabs(line);
    const auto bad = [&] {
      return ConfigError("clusters file '" + path + "' line " + std::to_string(line_no) +
                         ": expected word<TAB>class... with classes of -1 or more");
    };
    if (cols.size() < 2 || cols[0].empty()) throw bad();
    int k = static_cast<int>(std::min<std::size_t>(cols.size() - 1, 4));
    num_clusterings = std::max(num_clusterings, k);
    std::vector<std::int32_t> ids(static_cast<std::size_t>(k), -1);
    for (int j = 0; j < k; ++j) {
      const std::string_view c = cols[static_cast<std::size_t>(j) + 1];
      std::int32_t v = 0;
      const auto r = std::from_chars(c.data(), c.data() + c.size(), v);
      if (c.empty() || r.ec != std::errc() || r.ptr != c.data() + c.size() || v < -1) throw bad();
      ids[static_cast<std::size_t>(j)] = v;
    }
    clusters.emplace(std::string(cols[0]), std::move(ids));
  });
}

void Resources::load_vectors(const std::string& path) {
  std::string text = read_file(path, "vectors");
  std::vector<std::pair<std::uint64_t, std::uint16_t>> words;
  std::size_t line_no = 0;
  vec_rows = 0;
  for_each_line(text, [&](std::string_view line) {
    ++line_no;
    if (line.empty() || line[0] == '#') return;
    auto cols = split_tabs(line);
    const std::string row = cols.size() == 2 ? std::string(cols[1]) : std::string();
    char* end = nullptr;
    const long r = row.empty() ? -1 : std::strtol(row.c_str(), &end, 10);
    if (cols.size() != 2 || cols[0].empty() || r < 0 || r >= static_cast<long>(kMaxVecRows) || *end != '\0')
      throw ConfigError("vectors file '" + path + "' line " + std::to_string(line_no) +
                        ": expected word<TAB>row with a row in 0.." + std::to_string(kMaxVecRows - 1));
    words.emplace_back(hash_bytes(cols[0]), static_cast<std::uint16_t>(r));
    vec_rows = std::max(vec_rows, static_cast<std::uint32_t>(r) + 1);
  });
  if (words.empty()) throw ConfigError("vectors file '" + path + "' has no words");
  vec_index.build(words);
}

void Resources::load_gazetteer(const std::string& path) {
  std::string text = read_file(path, "gazetteer");
  gazetteer.clear();
  gaz_types.clear();
  gaz_max_len = 0;
  gpe_mask = 0;
  std::size_t line_no = 0;
  for_each_line(text, [&](std::string_view line) {
    ++line_no;
    if (line.empty() || line[0] == '#') return;
    auto cols = split_tabs(line);
    if (cols.size() < 2 || cols[0].empty() || cols[1].empty())
      throw ConfigError("gazetteer file '" + path + "' line " + std::to_string(line_no) + ": expected TYPE<TAB>phrase");
    std::string type(cols[0]);
    auto it = std::find(gaz_types.begin(), gaz_types.end(), type);
    std::size_t bit;
    if (it == gaz_types.end()) {
      if (gaz_types.size() >= 31) return;
      bit = gaz_types.size();
      gaz_types.push_back(type);
      if (type == "country" || type == "city" || type == "region" || type == "gpe") gpe_mask |= 1u << bit;
    } else {
      bit = static_cast<std::size_t>(it - gaz_types.begin());
    }
    std::string phrase = ascii_lower(cols[1]);
    int len = 1 + static_cast<int>(std::count(phrase.begin(), phrase.end(), ' '));
    if (len > 6) return;
    gaz_max_len = std::max(gaz_max_len, len);
    gazetteer[phrase] |= 1u << bit;
  });
}

std::uint64_t token_key(std::string_view lower) {
  bool digit = false;
  for (unsigned char c : lower) digit |= is_digit(c);
  if (!digit) return hash_bytes(lower);
  std::string n(lower);
  for (auto& c : n)
    if (is_digit(static_cast<unsigned char>(c))) c = '0';
  return hash_bytes(n);
}

void Resources::build_index() {
  std::vector<std::pair<std::uint64_t, std::array<std::int16_t, 4>>> cl;
  cl.reserve(clusters.size());
  for (const auto& [w, ids] : clusters) {
    std::array<std::int16_t, 4> a{-1, -1, -1, -1};
    for (std::size_t k = 0; k < ids.size() && k < 4; ++k)
      a[k] = static_cast<std::int16_t>(ids[k] < -1 || ids[k] > 32767 ? -1 : ids[k]);
    cl.emplace_back(hash_bytes(w), a);
  }
  cluster_index.build(cl);
  std::unordered_map<std::uint64_t, std::uint32_t> gz;
  gz.reserve(gazetteer.size() * 2);
  for (const auto& [phrase, bits] : gazetteer) {
    std::uint64_t h = 0;
    std::size_t pos = 0;
    while (true) {
      std::size_t sp = phrase.find(' ', pos);
      h = phrase_step(
          h, token_key(std::string_view(phrase).substr(pos, sp == std::string::npos ? std::string::npos : sp - pos)));
      if (sp == std::string::npos) break;
      gz[h] |= kGazPrefix;
      pos = sp + 1;
    }
    gz[h] |= (bits & ~kGazPrefix);
  }
  gaz_index.build(std::vector<std::pair<std::uint64_t, std::uint32_t>>(gz.begin(), gz.end()));
}

std::uint32_t Resources::gaz_lookup(std::string_view phrase) const {
  std::uint64_t h = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t sp = phrase.find(' ', pos);
    std::string tok = ascii_lower(phrase.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos));
    h = phrase_step(h, token_key(tok));
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  const std::uint32_t* v = gaz_index.find(h);
  return v ? (*v & ~kGazPrefix) : 0;
}

void assign_clusters(TokenInfo& t, const Resources& res) {
  // Exact spelling, then Title case (for all-caps headline words), then lower case.
  const bool has_digit = t.flags & kFHasDigit;
  const auto* it = res.cluster_index.find(has_digit ? t.h_lower : t.h_word);
  if (!it && (t.flags & kFAllCap) && !t.lower.empty() && is_lower(static_cast<unsigned char>(t.lower[0]))) {
    std::string title = t.lower;
    title[0] = static_cast<char>(title[0] - 32);
    it = res.cluster_index.find(hash_bytes(title));
  }
  if (!it) it = res.cluster_index.find(t.h_lower);
  if (it)
    for (std::size_t k = 0; k < 4; ++k) t.cl[k] = (*it)[k];
  // Vector rows: exact spelling, else lower case. Not the Title case of an all-caps word:
  // the Title-case spellings of the vector table are mostly names, the words of an
  // all-caps heading mostly not.
  if (!res.vec_index.empty() && !has_digit) {
    const auto* v = res.vec_index.find(t.h_word);
    if (!v) v = res.vec_index.find(t.h_lower);
    if (v) t.vrow = *v;
  }
}

std::vector<TokenRange> decode_pieces(const std::vector<TokenRange>& sentences, std::size_t n) {
  // Sentences as given, clamped to the tokens; none -> one sentence; very long ones are
  // decoded in pieces of kMaxSentence tokens (bounded Viterbi memory).
  std::vector<TokenRange> out;
  auto add_sentence = [&](std::uint32_t b, std::uint32_t e) {
    for (; b < e; b += std::min(kMaxSentence, e - b)) out.push_back({b, b + std::min(kMaxSentence, e - b)});
  };
  std::uint32_t covered = 0;
  for (const auto& sr : sentences) {
    std::uint32_t b = std::max(sr.begin, covered), e = std::min<std::uint32_t>(sr.end, static_cast<std::uint32_t>(n));
    if (b >= e) continue;
    add_sentence(b, e);
    covered = e;
  }
  if (sentences.empty() && n > 0) add_sentence(0, static_cast<std::uint32_t>(n));
  return out;
}

void prepare_doc(const std::vector<std::string_view>& words, const std::vector<TokenRange>& sentences,
                 const Resources& res, std::uint32_t disabled, DocFeatures& out, bool clusters) {
  fill_tokens(words, decode_pieces(sentences, words.size()), 0, res, disabled, out, clusters);
  if (disabled & kGroupDoc) return;
  DocStats& stats = out.stats;
  stats.clear();
  collect_doc_stats(out, disabled, stats);
  apply_doc_stats(out, stats);
}

void fill_tokens(const std::vector<std::string_view>& words, const std::vector<TokenRange>& pieces,
                 std::uint32_t offset, const Resources& res, std::uint32_t disabled, DocFeatures& out, bool clusters) {
  const std::size_t n = words.size();
  out.toks.resize(n);  // reused across calls: strings keep their capacity
  out.sentences.clear();
  for (const auto& p : pieces) out.sentences.push_back({p.begin - offset, p.end - offset});
  std::string shape, shortshape;
  for (std::size_t i = 0; i < n; ++i) {
    TokenInfo& t = out.toks[i];
    std::string keep_lower = std::move(t.lower);
    t = TokenInfo();
    t.lower = std::move(keep_lower);
    t.word = words[i];
    t.lower.assign(words[i].data(), words[i].size());
    for (auto& c : t.lower)
      if (is_upper(static_cast<unsigned char>(c))) c = static_cast<char>(c + 32);
    bool has_upper = false, has_lower = false, has_digit = false, all_digit = true, has_alpha = false, all_punct = true;
    shape.clear();
    shortshape.clear();
    char last = 0;
    int run = 0;
    bool first_upper = false;  // a non-ASCII upper-case first letter (unicode_shapes)
    for (std::size_t k = 0; k < t.word.size(); ++k) {
      auto c = static_cast<unsigned char>(t.word[k]);
      char s;
      if (is_upper(c)) {
        s = 'X';
        has_upper = has_alpha = true;
      } else if (is_lower(c)) {
        s = 'x';
        has_lower = has_alpha = true;
      } else if (is_digit(c)) {
        s = 'd';
        has_digit = true;
      } else if (c >= 0x80) {
        if ((c & 0xC0) == 0x80) continue;
        if (!res.unicode_shapes) {
          s = 'u';
          has_alpha = true;
        } else {
          s = unicode_shape(t.word, k);
          if (s == 0) continue;  // a combining mark: part of the letter before it
          if (s == 'X') has_upper = true;
          if (s == 'x') has_lower = true;
          if (s != 'p') has_alpha = true;
          if (k == 0 && s == 'X') first_upper = true;
        }
      } else {
        s = static_cast<char>(c);
      }
      if (s != 'd') all_digit = false;
      if (s == 'X' || s == 'x' || s == 'd' || s == 'u') all_punct = false;
      run = (s == last) ? run + 1 : 1;
      if (run <= 4) shape += s;
      if (s != last) shortshape += s;
      last = s;
    }
    if (t.word.empty()) all_digit = all_punct = false;
    std::uint32_t f = 0;
    if (!t.word.empty() && (is_upper(static_cast<unsigned char>(t.word[0])) || first_upper)) f |= kFInitCap;
    if (has_upper && !has_lower) f |= kFAllCap;
    if (has_digit) f |= kFHasDigit;
    if (all_digit) f |= kFAllDigit;
    if (has_alpha) f |= kFHasAlpha;
    if (has_lower) f |= kFHasLower;
    if (t.word.find('-') != std::string_view::npos) f |= kFHyphen;
    if (t.word.find('.') != std::string_view::npos) f |= kFDot;
    if (all_punct) f |= kFPunct;
    t.flags = f;
    t.h_word = hash_bytes(t.word);
    t.h_exact = t.h_word;
    if (has_digit) {
      std::string norm = t.lower;
      for (auto& c : norm)
        if (is_digit(static_cast<unsigned char>(c))) c = '0';
      t.h_lower = hash_bytes(norm);
      t.h_word = t.h_lower;
    } else {
      t.h_lower = hash_bytes(t.lower);
    }
    t.h_shape = hash_bytes(shape);
    t.h_short = hash_bytes(shortshape);
    if (clusters && res.has_word_classes(disabled)) assign_clusters(t, res);
  }
  // Sentence-level flags: sentence start, headline: no lower-case letters at all, or a
  // Title Case line (every word of 4+ letters capitalised, at least 3 of them, and no final
  // full stop: "Putin Orders Russia-China AI Partnership"), where capitals say little.
  for (const auto& s : out.sentences) {
    bool headline = false;
    int alpha = 0, long_words = 0, long_caps = 0;
    bool any_lower = false;
    for (std::uint32_t i = s.begin; i < s.end; ++i) {
      const TokenInfo& t = out.toks[i];
      if (t.flags & kFHasAlpha) ++alpha;
      if (t.flags & kFHasLower) any_lower = true;
      if ((t.flags & kFHasAlpha) && t.word.size() >= 4) {
        ++long_words;
        long_caps += (t.flags & (kFInitCap | kFAllCap)) != 0;
      }
    }
    const bool final_stop = s.end > s.begin && out.toks[s.end - 1].word == ".";
    headline = (alpha > 0 && !any_lower) || (long_words >= 3 && long_caps == long_words && !final_stop);
    for (std::uint32_t i = s.begin; i < s.end; ++i) {
      if (i == s.begin) out.toks[i].flags |= kFSentStart;
      if (headline) out.toks[i].flags |= kFHeadline;
    }
  }
  // Runs of capitalised tokens (outside headlines).
  if (!(disabled & kGroupRuns)) {
    for (const auto& s : out.sentences) {
      std::uint32_t i = s.begin;
      while (i < s.end) {
        auto capital = [&](std::uint32_t k) {
          const TokenInfo& t = out.toks[k];
          return !(t.flags & kFHeadline) && (t.flags & kFHasAlpha) && (t.flags & (kFInitCap | kFAllCap));
        };
        if (!capital(i)) {
          ++i;
          continue;
        }
        std::uint32_t j = i;
        while (j < s.end && capital(j)) ++j;
        const std::uint32_t len = std::min<std::uint32_t>(j - i, 4);
        for (std::uint32_t k = i; k < j; ++k) {
          std::uint32_t pos = (j - i == 1) ? 3u : (k == i) ? 0u : (k + 1 == j) ? 2u : 1u;
          out.toks[k].run = (len << 2) | pos;
        }
        i = j;
      }
    }
  }
  // Gazetteer matches, starting at capitalised tokens.
  if (!(disabled & kGroupGazetteer) && !res.gaz_index.empty()) {
    for (const auto& s : out.sentences) {
      for (std::uint32_t b = s.begin; b < s.end; ++b) {
        if (!(out.toks[b].flags & (kFInitCap | kFAllDigit))) continue;
        std::uint64_t h = 0;
        for (std::uint32_t e = b; e < s.end && static_cast<int>(e - b) < res.gaz_max_len; ++e) {
          h = phrase_step(h, out.toks[e].h_lower);
          const std::uint32_t* it = res.gaz_index.find(h);
          if (!it) break;
          std::uint32_t bits = *it & ~Resources::kGazPrefix;
          if (bits) {
            if (e == b) {
              out.toks[b].gaz_u |= bits;
            } else {
              out.toks[b].gaz_b |= bits;
              for (std::uint32_t k = b + 1; k < e; ++k) out.toks[k].gaz_i |= bits;
              out.toks[e].gaz_l |= bits;
            }
          }
          if (!(*it & Resources::kGazPrefix)) break;
        }
      }
    }
  }
}

void collect_doc_stats(const DocFeatures& df, std::uint32_t disabled, DocStats& stats) {
  // Document-level spelling statistics of each lower-cased word.
  for (const TokenInfo& t : df.toks) {
    if (!(t.flags & kFHasAlpha)) continue;
    std::uint32_t bits = 0;
    bool normal_ctx = !(t.flags & (kFSentStart | kFHeadline));
    if (normal_ctx && (t.flags & kFInitCap) && (t.flags & kFHasLower)) bits |= kDCapMid;
    if (!(t.flags & kFInitCap) && (t.flags & kFHasLower)) bits |= kDLower;
    if (normal_ctx && (t.flags & kFAllCap) && t.word.size() > 1) bits |= kDAllCapsElse;
    stats.info[t.h_lower] |= bits;
  }
  if (!(disabled & kGroupCaseVariant)) {
    // Mid-sentence spelling of each word (first seen), for all-caps and sentence-initial tokens.
    stats.variants = true;
    for (const TokenInfo& t : df.toks)
      if ((t.flags & kFHasLower) && !(t.flags & (kFSentStart | kFHeadline)))
        stats.spelling.emplace(t.h_lower, t.h_word);
  }
}

void apply_doc_stats(DocFeatures& df, DocStats& stats) {
  if (stats.variants) {
    for (TokenInfo& t : df.toks) {
      if (!(t.flags & (kFSentStart | kFHeadline | kFAllCap)) || !(t.flags & kFHasAlpha)) continue;
      auto it = stats.spelling.find(t.h_lower);
      if (it != stats.spelling.end() && it->second != t.h_word) t.h_variant = it->second;
    }
  }
  for (TokenInfo& t : df.toks) {
    if (!(t.flags & kFHasAlpha)) continue;
    t.doc_info = stats.info[t.h_lower];
    if (stats.seen[t.h_lower]++ == 0) t.doc_info |= kDFirstMention;
  }
}

namespace {
/// The word-class features of a word (cluster ids, cluster x short shape, vector row):
/// part of word_features() and of spelling_features().
void word_class_features(const TokenInfo& t, std::uint32_t disabled, int num_clusterings,
                         std::vector<std::uint64_t>& out) {
  if (!(disabled & kGroupClusters)) {
    for (int k = 0; k < num_clusterings; ++k) {
      auto K = static_cast<std::uint32_t>(k);
      auto cid = static_cast<std::uint64_t>(t.cl[k] + 2);
      out.push_back(feat1(60 + K, cid));
      out.push_back(feat2(90 + K, cid, t.h_short));
    }
  }
  if (!(disabled & kGroupVectors) && t.vrow >= 0) out.push_back(feat1(500, static_cast<std::uint64_t>(t.vrow) + 1));
}
}  // namespace

void word_features(const TokenInfo& t, std::uint32_t disabled, int num_clusterings, std::vector<std::uint64_t>& out) {
  out.push_back(feat1(1, 0));
  out.push_back(feat1(2, t.h_word));
  out.push_back(feat1(3, t.h_lower));
  out.push_back(feat1(4, t.h_shape));
  out.push_back(feat1(5, t.h_short));
  if (!(disabled & kGroupAffixes) && !(t.flags & kFAllDigit)) {
    const std::string& l = t.lower;
    for (std::size_t k = 1; k <= 4 && k < l.size(); ++k) {
      out.push_back(feat1(10 + static_cast<std::uint32_t>(k), hash_bytes(std::string_view(l).substr(0, k))));
      out.push_back(feat1(20 + static_cast<std::uint32_t>(k), hash_bytes(std::string_view(l).substr(l.size() - k))));
    }
  }
  word_class_features(t, disabled, num_clusterings, out);
}

void spelling_features(const TokenInfo& t, std::uint32_t disabled, int num_clusterings,
                       std::vector<std::uint64_t>& out) {
  out.push_back(feat1(2, t.h_word));
  out.push_back(feat1(3, t.h_lower));
  word_class_features(t, disabled, num_clusterings, out);
}

void neighbour_features(const TokenInfo* x, NeighbourRole role, std::uint32_t disabled, int num_clusterings,
                        std::vector<std::uint64_t>& out) {
  const bool before = role == kPrev1 || role == kPrev2;
  const std::uint64_t none = before ? kBos : kEos;
  const std::uint64_t low = x ? x->h_lower : none;
  switch (role) {
    case kPrev1:
    case kNext1: {
      out.push_back(feat1(before ? 30 : 31, low));
      out.push_back(feat1(before ? 32 : 33, x ? x->h_short : none));
      if (!(disabled & kGroupClusters))
        for (int k = 0; k < num_clusterings; ++k) {
          const std::uint64_t cid = x ? static_cast<std::uint64_t>(x->cl[k] + 2) : 0;
          out.push_back(feat1((before ? 70 : 80) + static_cast<std::uint32_t>(k), cid));
        }
      break;
    }
    case kPrev2:
    case kNext2:
      if (!(disabled & kGroupContext2)) out.push_back(feat1(before ? 34 : 35, low));
      break;
  }
}

void context_features(const DocFeatures& df, std::uint32_t i, std::uint32_t sb, std::uint32_t se,
                      std::uint32_t disabled, int num_clusterings, std::vector<std::uint64_t>& out, bool neighbours) {
  const TokenInfo& t = df.toks[i];
  const TokenInfo* p1 = i > sb ? &df.toks[i - 1] : nullptr;
  const TokenInfo* n1 = i + 1 < se ? &df.toks[i + 1] : nullptr;
  const TokenInfo* p2 = i > sb + 1 ? &df.toks[i - 2] : nullptr;
  const TokenInfo* n2 = i + 2 < se ? &df.toks[i + 2] : nullptr;
  auto low = [](const TokenInfo* x, std::uint64_t dflt) { return x ? x->h_lower : dflt; };
  auto shp = [](const TokenInfo* x, std::uint64_t dflt) { return x ? x->h_short : dflt; };
  const std::uint32_t ctx = (t.flags & kFSentStart) ? 1u : (t.flags & kFHeadline) ? 2u : 0u;

  out.push_back(feat1(6, t.flags & 0x7FF));
  if (neighbours) {
    neighbour_features(p1, kPrev1, disabled, num_clusterings, out);
    neighbour_features(n1, kNext1, disabled, num_clusterings, out);
    neighbour_features(p2, kPrev2, disabled, num_clusterings, out);
    neighbour_features(n2, kNext2, disabled, num_clusterings, out);
  }
  out.push_back(feat2(36, p1 ? p1->h_word : kBos, t.h_short));
  if (!(disabled & kGroupBigrams)) {
    out.push_back(feat2(40, low(p1, kBos), t.h_lower));
    out.push_back(feat2(41, t.h_lower, low(n1, kEos)));
    out.push_back(feat2(42, mix64(shp(p1, kBos)) ^ t.h_short, shp(n1, kEos)));
  }
  out.push_back(feat2(50, ctx, t.h_short));
  out.push_back(feat2(51, ctx, t.h_lower));
  if (!(disabled & kGroupRuns) && t.run) {
    out.push_back(feat1(130, t.run));
    out.push_back(feat2(131, t.run, t.h_short));
    out.push_back(feat2(132, t.run, n1 ? n1->h_lower : kEos));
  }
  if (!(disabled & kGroupCaseVariant) && t.h_variant) {
    out.push_back(feat1(2, t.h_variant));  // shares weights with the plain word feature
    out.push_back(feat2(133, t.h_variant, ctx));
  }
  if (!(disabled & kGroupGazetteer)) {
    auto gaz = [&](const TokenInfo* x, std::uint32_t tmpl) {
      if (!x) return;
      const std::uint32_t pos_bits[4] = {x->gaz_b, x->gaz_i, x->gaz_l, x->gaz_u};
      for (std::uint32_t pos = 0; pos < 4; ++pos) {
        std::uint32_t bits = pos_bits[pos];
        while (bits) {
          std::uint32_t b = static_cast<std::uint32_t>(__builtin_ctz(bits));
          bits &= bits - 1;
          out.push_back(feat1(tmpl, b * 4 + pos));
          if (tmpl == 100) out.push_back(feat2(101, b * 4 + pos, (x->flags & (kFInitCap | kFAllCap)) | (ctx << 8)));
        }
      }
    };
    gaz(&t, 100);
    gaz(p1, 102);
    gaz(n1, 103);
  }
  if (!(disabled & kGroupDoc) && (t.flags & kFHasAlpha)) {
    out.push_back(feat2(110, t.doc_info, ctx | ((t.flags & (kFInitCap | kFAllCap)) << 4)));
    out.push_back(feat2(111, t.doc_info & 7, t.h_short));
  }
}

void static_features(const DocFeatures& df, std::uint32_t i, std::uint32_t sb, std::uint32_t se, std::uint32_t disabled,
                     int num_clusterings, std::vector<std::uint64_t>& out) {
  word_features(df.toks[i], disabled, num_clusterings, out);
  context_features(df, i, sb, se, disabled, num_clusterings, out);
}

void memory_features(const TokenInfo& t, const DocMemory& mem, const std::vector<std::string>& labels,
                     std::uint32_t disabled, std::vector<std::uint64_t>& out) {
  if (disabled & kGroupMemory) return;
  if (!(t.flags & kFHasAlpha) || !(t.flags & (kFInitCap | kFAllCap))) return;
  auto it = mem.last.find(t.h_lower);
  std::uint64_t lab = it == mem.last.end() ? 0 : it->second;
  const std::uint32_t ctx = (t.flags & kFSentStart) ? 1u : (t.flags & kFHeadline) ? 2u : 0u;
  out.push_back(feat1(120, lab));
  out.push_back(feat2(121, lab, ctx));
  if (!(disabled & kGroupMemoryVotes)) {
    auto v = mem.votes.find(t.h_lower);
    if (v != mem.votes.end()) {
      const auto& c = v->second;
      std::size_t best = 0, total = 0;
      for (std::size_t k = 0; k < c.size(); ++k) {
        total += c[k];
        if (c[k] > c[best]) best = k;
      }
      const bool unanimous = c[best] == total;
      out.push_back(feat2(125, best, unanimous));
      out.push_back(feat2(126, best, ctx | (std::min<std::size_t>(total, 3) << 2)));
    }
  }
  (void)labels;
}

void memory_update(const DocFeatures& df, std::uint32_t sb, std::uint32_t se, const std::vector<int>& labels_out,
                   const std::vector<std::string>& labels, DocMemory& mem) {
  (void)labels;
  for (std::uint32_t i = sb; i < se; ++i) {
    const TokenInfo& t = df.toks[i];
    if (!(t.flags & kFHasAlpha) || !(t.flags & (kFInitCap | kFAllCap))) continue;
    const int lab = labels_out[i - sb];
    mem.last[t.h_lower] = static_cast<std::uint16_t>(lab + 1);
    const std::size_t type = lab == 0 ? 0 : static_cast<std::size_t>((lab - 1) / 4 + 1);
    if (type < 16) {
      auto& c = mem.votes[t.h_lower];
      if (c[type] < 65535) ++c[type];
    }
  }
}

std::vector<std::string> bilou_labels(const std::vector<std::string>& types) {
  std::vector<std::string> out{"O"};
  for (const auto& t : types)
    for (const char* p : {"B-", "I-", "L-", "U-"}) out.push_back(p + t);
  return out;
}

std::vector<std::uint8_t> allowed_transitions(const std::vector<std::string>& labels) {
  const std::size_t L = labels.size();
  std::vector<std::uint8_t> a((L + 1) * L, 0);
  for (std::size_t p = 0; p <= L; ++p) {
    char pp = p == L ? 'S' : labels[p][0];
    std::string_view pt = (p == L || labels[p] == "O") ? std::string_view() : std::string_view(labels[p]).substr(2);
    for (std::size_t c = 0; c < L; ++c) {
      char cp = labels[c][0];
      std::string_view ct = labels[c] == "O" ? std::string_view() : std::string_view(labels[c]).substr(2);
      bool inside = pp == 'B' || pp == 'I';
      bool ok = inside ? ((cp == 'I' || cp == 'L') && ct == pt) : (cp == 'O' || cp == 'B' || cp == 'U');
      a[p * L + c] = ok;
    }
  }
  return a;
}

bool allowed_end(const std::string& label) { return label[0] == 'O' || label[0] == 'L' || label[0] == 'U'; }

std::vector<int> to_bilou_ids(const std::vector<std::string>& tags, const std::vector<std::string>& labels) {
  std::vector<int> ids(tags.size(), 0);
  for (const auto& s : tags_to_spans(tags)) {
    auto find = [&](char p) {
      std::string want = std::string(1, p) + "-" + s.type;
      auto it = std::find(labels.begin(), labels.end(), want);
      return it == labels.end() ? -1 : static_cast<int>(it - labels.begin());
    };
    if (find('U') < 0) continue;
    if (s.end - s.begin == 1) {
      ids[s.begin] = find('U');
    } else {
      ids[s.begin] = find('B');
      for (std::uint32_t k = s.begin + 1; k + 1 < s.end; ++k) ids[k] = find('I');
      ids[s.end - 1] = find('L');
    }
  }
  return ids;
}

std::vector<std::string> to_iob2(const std::vector<int>& ids, const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int id : ids) {
    const std::string& l = labels[static_cast<std::size_t>(id)];
    if (l == "O") {
      out.emplace_back("O");
    } else {
      char p = (l[0] == 'B' || l[0] == 'U') ? 'B' : 'I';
      out.push_back(std::string(1, p) + l.substr(1));
    }
  }
  return out;
}

void Transitions::set(const float* trans, const std::vector<std::uint8_t>& allowed,
                      const std::vector<std::uint8_t>& ends, int labels) {
  L = labels;
  const auto uL = static_cast<std::size_t>(L);
  stride = (uL + kBlock - 1) / kBlock * kBlock;
  const float kNeg = -std::numeric_limits<float>::infinity();
  fwd.assign((uL + 1) * stride, kNeg);
  for (std::size_t p = 0; p <= uL; ++p)
    for (std::size_t c = 0; c < uL; ++c)
      if (allowed[p * uL + c]) fwd[p * stride + c] = trans[p * uL + c];
  bwd.assign(uL * stride, kNeg);
  for (std::size_t c = 0; c < uL; ++c)
    for (std::size_t d = 0; d < uL; ++d) bwd[d * stride + c] = fwd[c * stride + d];
  end_ok = ends;
  auto live = [&](const std::vector<float>& m, std::vector<std::vector<std::uint16_t>>& out) {
    out.assign(stride / kBlock, {});
    for (std::size_t blk = 0; blk < out.size(); ++blk)
      for (std::size_t k = 0; k < uL; ++k)
        for (std::size_t j = 0; j < kBlock; ++j)
          if (m[k * stride + blk * kBlock + j] != kNeg) {
            out[blk].push_back(static_cast<std::uint16_t>(k));
            break;
          }
  };
  live(fwd, fwd_live);
  live(bwd, bwd_live);
}

namespace {
// out[c] = max over k of (rows[k*stride + c] + a[k]) + b[k], for c in [0, L), over the
// rows k that `live` lists for c's block and whose b[k] is not -inf (a == nullptr:
// b[k] + rows[k*stride + c]). Blocks of kBlock labels are accumulated in registers of
// `V` (a GCC/Clang vector type of kBlock / kRegs floats), so each block reads its rows
// once and writes once.
template <class V, std::size_t kRegs>
__attribute__((always_inline)) inline void max_plus_with(const float* rows, std::size_t stride,
                                                         const std::vector<std::vector<std::uint16_t>>& live,
                                                         const float* a, const float* b, std::size_t L, float* out) {
  constexpr std::size_t B = Transitions::kBlock;
  constexpr std::size_t W = B / kRegs;  // lanes per register
  static_assert(sizeof(V) == W * sizeof(float), "kRegs registers of V hold one block");
  const float kNeg = -std::numeric_limits<float>::infinity();
  V neg;
  for (std::size_t j = 0; j < W; ++j) neg[j] = kNeg;
  for (std::size_t c0 = 0; c0 < L; c0 += B) {
    V acc[kRegs];
    for (auto& x : acc) x = neg;
    for (const std::uint16_t k : live[c0 / B]) {
      const float bk = b[k];
      if (bk == kNeg) continue;
      const float* r = &rows[k * stride + c0];
      const float ak = a ? a[k] : 0.0f;
      for (std::size_t g = 0; g < kRegs; ++g) {
        V v;
        std::memcpy(&v, r + g * W, sizeof v);
        v = a ? v + ak + bk : bk + v;  // the same additions, in the same order, as one float at a time
        acc[g] = acc[g] < v ? v : acc[g];
      }
    }
    float tmp[B];
    std::memcpy(tmp, acc, sizeof tmp);
    const std::size_t m = std::min(B, L - c0);
    std::memcpy(out + c0, tmp, m * sizeof(float));
  }
}

using F4 = float __attribute__((vector_size(16)));  // SSE on x86-64, NEON on ARM
void max_plus_base(const float* rows, std::size_t stride, const std::vector<std::vector<std::uint16_t>>& live,
                   const float* a, const float* b, std::size_t L, float* out) {
  max_plus_with<F4, 4>(rows, stride, live, a, b, L, out);
}

#if defined(__x86_64__) && defined(__GNUC__)
using F8 = float __attribute__((vector_size(32)));
__attribute__((target("avx2"))) void max_plus_wide(const float* rows, std::size_t stride,
                                                   const std::vector<std::vector<std::uint16_t>>& live, const float* a,
                                                   const float* b, std::size_t L, float* out) {
  max_plus_with<F8, 2>(rows, stride, live, a, b, L, out);
}
#else
constexpr auto max_plus_wide = max_plus_base;  // never chosen (cpu_has_avx2() is false)
#endif

using MaxPlus = void (*)(const float*, std::size_t, const std::vector<std::vector<std::uint16_t>>&, const float*,
                         const float*, std::size_t, float*);
bool cpu_has_avx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();  // may run during static initialisation, before the library's own
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}
/// max_plus_with() for this CPU: eight lanes where AVX2 runs, else four (set_decoder_lanes()).
/// Chosen on first use (a function-local static), so that decoding during another file's
/// static initialisation (a model loaded by a global) finds it set.
std::atomic<MaxPlus>& max_plus_impl() {
  static std::atomic<MaxPlus> impl{cpu_has_avx2() ? max_plus_wide : max_plus_base};
  return impl;
}
void max_plus(const float* rows, std::size_t stride, const std::vector<std::vector<std::uint16_t>>& live,
              const float* a, const float* b, std::size_t L, float* out) {
  max_plus_impl().load(std::memory_order_relaxed)(rows, stride, live, a, b, L, out);
}
}  // namespace

int set_decoder_lanes(int lanes) {
  MaxPlus want;
  if (lanes == 4)
    want = max_plus_base;
  else if (lanes == 8 && cpu_has_avx2())
    want = max_plus_wide;
  else
    return -1;
  return max_plus_impl().exchange(want) == max_plus_base ? 4 : 8;
}

void viterbi(const float* emis, std::size_t n, const Transitions& t, std::vector<float>& delta, std::vector<int>& out) {
  out.assign(n, 0);
  if (n == 0) return;
  const float kNeg = -std::numeric_limits<float>::infinity();
  const auto uL = static_cast<std::size_t>(t.L);
  const std::size_t S = t.stride;
  const float* tr = t.fwd.data();
  delta.resize(n * uL);
  for (std::size_t c = 0; c < uL; ++c) delta[c] = emis[c] + tr[uL * S + c];
  // Forward pass: scores only (forbidden pairs are -inf, so a max over every predecessor
  // equals the max over the allowed ones); the back-pointers are recovered for the one
  // chosen label per position on the way back.
  for (std::size_t i = 1; i < n; ++i) {
    float* cur = &delta[i * uL];
    max_plus(tr, S, t.fwd_live, nullptr, &delta[(i - 1) * uL], uL, cur);
    for (std::size_t c = 0; c < uL; ++c) cur[c] += emis[i * uL + c];
  }
  float best = kNeg;
  int arg = 0;
  for (std::size_t c = 0; c < uL; ++c) {
    if (!t.end_ok[c]) continue;
    float v = delta[(n - 1) * uL + c];
    if (v > best) {
      best = v;
      arg = static_cast<int>(c);
    }
  }
  out[n - 1] = arg;
  for (std::size_t i = n - 1; i > 0; --i) {
    const float* prev = &delta[(i - 1) * uL];
    const auto c = static_cast<std::size_t>(out[i]);
    float b = kNeg;
    int a = 0;
    for (std::size_t p = 0; p < uL; ++p) {
      float v = prev[p] + tr[p * S + c];
      if (v > b) {
        b = v;
        a = static_cast<int>(p);
      }
    }
    out[i - 1] = a;
  }
}

void token_margins(const float* emis, std::size_t n, const Transitions& t, const std::vector<float>& delta,
                   const std::vector<int>& path, std::vector<float>& beta, float* out) {
  if (n == 0) return;
  const float kNeg = -std::numeric_limits<float>::infinity();
  const auto uL = static_cast<std::size_t>(t.L);
  // Only tokens inside entities need a margin, so the backward pass stops at the first.
  std::size_t first = 0;
  while (first < n && path[first] == 0) out[first++] = 0.0f;
  if (first == n) return;
  beta.resize(n * uL);
  for (std::size_t c = 0; c < uL; ++c) beta[(n - 1) * uL + c] = t.end_ok[c] ? 0.0f : kNeg;
  // Backward pass: beta[i-1][c] = max over successors d of trans[c][d] + emis[i][d] + beta[i][d].
  for (std::size_t i = n - 1; i > first; --i)
    max_plus(t.bwd.data(), t.stride, t.bwd_live, &emis[i * uL], &beta[i * uL], uL, &beta[(i - 1) * uL]);
  for (std::size_t i = first; i < n; ++i) {
    const auto y = static_cast<std::size_t>(path[i]);
    if (y == 0) {
      out[i] = 0.0f;
      continue;
    }
    const float own = delta[i * uL + y] + beta[i * uL + y];
    float other = kNeg;
    for (std::size_t c = 0; c < uL; ++c)
      if (c != y) other = std::max(other, delta[i * uL + c] + beta[i * uL + c]);
    out[i] = other == kNeg ? 1e6f : std::max(0.0f, own - other);
  }
}

}  // namespace byline::ner
