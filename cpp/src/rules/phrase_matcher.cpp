// PhraseMatcher: a token trie. Token strings are interned into an open-addressing
// table (looked up by string_view, no allocation); trie edges are a second
// open-addressing table keyed by (node, token id), and the edges from the root are an
// array indexed by token id. A filter on the first byte and length of the phrases' first
// tokens turns most tokens away before any hashing, and a Bloom filter of those first
// tokens most of the rest before the vocabulary is read. Case folding uses utf8proc simple
// lower-casing; curly apostrophes are read as straight ones in both modes.
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "byline/errors.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"
#include "internal/files.h"
#include "internal/json_parse.h"
#include "internal/utf8.h"
#include "rules/text_util.h"

namespace byline {

using internal::rules::tok_text;

namespace {

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

namespace internal::rules {
std::string_view normalise(std::string_view s, bool fold, std::string& buf) {
  bool plain = true;
  for (unsigned char c : s) {
    if (c >= 0x80 || (fold && c >= 'A' && c <= 'Z')) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  buf.clear();
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = u[i];
    if (c < 0x80) {
      buf += fold ? internal::rules::ascii_lower(static_cast<char>(c)) : static_cast<char>(c);
      ++i;
      continue;
    }
    int maximal = 1;
    int len = internal::valid_sequence_length(u, s.size(), i, &maximal);
    if (len == 0) {  // not valid UTF-8 (hand-built Doc): copy bytes as they are
      buf.append(s.substr(i, maximal));
      i += maximal;
      continue;
    }
    int l2 = 0;
    char32_t cp = internal::decode(u, i, &l2);
    if (cp == 0x2019 || cp == 0x2018) {
      buf += '\'';
    } else {
      if (fold) cp = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
      utf8proc_uint8_t enc[4];
      auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), enc);
      buf.append(reinterpret_cast<const char*>(enc), static_cast<std::size_t>(n));
    }
    i += len;
  }
  return buf;
}
}  // namespace internal::rules

using internal::rules::normalise;

struct PhraseMatcher::Impl {
  PhraseMatcherOptions opt;
  // vocabulary
  std::string arena;
  std::vector<std::uint32_t> voff, vlen;
  std::vector<std::uint32_t> slots;  // id + 1, 0 = empty
  // trie: while adding, a hash map keyed by (node, token id); freeze() turns it into
  // root_child (token id -> node under the root) and the flat table ekeys/evals
  std::unordered_map<std::uint64_t, std::uint32_t> edges;
  std::vector<std::uint32_t> root_child;
  std::vector<std::uint64_t> ekeys;  // kNoKey = empty slot
  std::vector<std::uint32_t> evals;
  std::vector<std::int32_t> terminal{-1};  // node -> entry or -1
  struct Entry {
    std::string label;
    std::string value;
  };
  std::vector<Entry> entries;
  // first byte of the first token of any phrase (after normalisation); lets find()
  // skip most tokens without hashing
  std::array<bool, 256> first_byte{};
  // the same after normalisation, with the lengths: bit min(length, 63) of first_len[b]
  // is set when a phrase's first token (normalised) starts with byte b and has that length
  std::array<std::uint64_t, 256> first_len{};
  // Bloom filters (16,384 bits, two bits per key from its FNV-1a hash) of the phrases'
  // normalised first tokens and of their other tokens: find() turns away most ASCII
  // tokens with the first, and longest() most tokens that cannot continue a phrase with
  // the second, before either reads the vocabulary table (cold after the recogniser)
  using Sig = std::array<std::uint64_t, 256>;
  Sig first_sig{}, rest_sig{};

  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  static constexpr std::uint64_t kNoKey = ~std::uint64_t{0};

  static std::uint64_t length_bit(std::size_t n) { return std::uint64_t{1} << (n < 63 ? n : 63); }
  static constexpr std::uint32_t kSigMask = 16383;
  /// The two bits of first_sig for a token.
  static std::pair<std::uint32_t, std::uint32_t> sig_bits(std::string_view t) {
    const std::uint64_t h = fnv1a(t) * 0x9E3779B97F4A7C15ull;
    return {static_cast<std::uint32_t>(h >> 50) & kSigMask, static_cast<std::uint32_t>(h >> 30) & kSigMask};
  }
  static void add_sig(Sig& sig, std::string_view t) {
    const auto [b1, b2] = sig_bits(t);
    sig[b1 >> 6] |= std::uint64_t{1} << (b1 & 63);
    sig[b2 >> 6] |= std::uint64_t{1} << (b2 & 63);
  }
  /// False when `t` is certainly not in `sig`.
  static bool sig_may_contain(const Sig& sig, std::string_view t) {
    const auto [b1, b2] = sig_bits(t);
    return ((sig[b1 >> 6] >> (b1 & 63)) & (sig[b2 >> 6] >> (b2 & 63)) & 1u) != 0;
  }
  /// False when no phrase can start with the (normalised) token `norm`.
  bool sig_may_start(std::string_view norm) const { return sig_may_contain(first_sig, norm); }
  /// False when no phrase can start with the (normalised) token `norm`.
  bool may_start(std::string_view norm) const {
    return !norm.empty() && (first_len[static_cast<unsigned char>(norm[0])] & length_bit(norm.size())) != 0;
  }

  std::uint32_t lookup(std::string_view s) const {
    if (slots.empty()) return kNone;
    std::size_t mask = slots.size() - 1;
    for (std::size_t p = fnv1a(s) & mask;; p = (p + 1) & mask) {
      std::uint32_t v = slots[p];
      if (v == 0) return kNone;
      std::uint32_t id = v - 1;
      if (vlen[id] == s.size() && std::string_view(arena).substr(voff[id], vlen[id]) == s) return id;
    }
  }
  std::uint32_t intern(std::string_view s) {
    std::uint32_t id = lookup(s);
    if (id != kNone) return id;
    if ((voff.size() + 1) * 2 > slots.size()) rehash(slots.empty() ? 64 : slots.size() * 2);
    id = static_cast<std::uint32_t>(voff.size());
    voff.push_back(static_cast<std::uint32_t>(arena.size()));
    vlen.push_back(static_cast<std::uint32_t>(s.size()));
    arena.append(s);
    insert_slot(id);
    return id;
  }
  void insert_slot(std::uint32_t id) {
    std::size_t mask = slots.size() - 1;
    std::size_t p = fnv1a(std::string_view(arena).substr(voff[id], vlen[id])) & mask;
    while (slots[p] != 0) p = (p + 1) & mask;
    slots[p] = id + 1;
  }
  void rehash(std::size_t n) {
    slots.assign(n, 0);
    for (std::uint32_t id = 0; id < voff.size(); ++id) insert_slot(id);
  }
  static std::uint64_t key(std::uint32_t node, std::uint32_t tok) { return (std::uint64_t(node) << 32) | tok; }

  static std::size_t edge_hash(std::uint64_t k) { return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 32); }

  std::uint32_t child(std::uint32_t node, std::uint32_t tok) const {
    if (node == 0) return tok < root_child.size() ? root_child[tok] : kNone;
    if (ekeys.empty()) return kNone;
    const std::uint64_t k = key(node, tok);
    const std::size_t mask = ekeys.size() - 1;
    for (std::size_t p = edge_hash(k) & mask;; p = (p + 1) & mask) {
      if (ekeys[p] == k) return evals[p];
      if (ekeys[p] == kNoKey) return kNone;
    }
  }

  /// Builds the lookup tables of child() from `edges` (once all phrases are added).
  void freeze() {
    root_child.assign(voff.size(), kNone);
    std::size_t inner = 0;
    for (const auto& [k, v] : edges) {
      if ((k >> 32) == 0)
        root_child[static_cast<std::uint32_t>(k)] = v;
      else
        ++inner;
    }
    std::size_t size = 16;
    while (size < 2 * inner) size *= 2;
    ekeys.assign(inner == 0 ? 0 : size, kNoKey);
    evals.assign(ekeys.size(), kNone);
    const std::size_t mask = ekeys.size() - 1;
    for (const auto& [k, v] : edges) {
      if ((k >> 32) == 0) continue;
      std::size_t p = edge_hash(k) & mask;
      while (ekeys[p] != kNoKey) p = (p + 1) & mask;
      ekeys[p] = k;
      evals[p] = v;
    }
    std::unordered_map<std::uint64_t, std::uint32_t>().swap(edges);
  }

  void add(const Phrase& p, const Tokenizer& tok) {
    if (p.label.empty() || p.text.empty()) return;
    Doc d = tok.tokenize(std::string_view(p.text));
    if (d.empty()) return;
    std::uint32_t node = 0;
    std::string buf;
    for (std::size_t i = 0; i < d.size(); ++i) {
      std::string_view norm = normalise(d.token_text(i), opt.fold_case, buf);
      if (i == 0 && !norm.empty()) {
        unsigned char c = static_cast<unsigned char>(norm[0]);
        first_len[c] |= length_bit(norm.size());
        add_sig(first_sig, norm);
        first_byte[c] = true;
        if (opt.fold_case && c < 0x80) first_byte[static_cast<unsigned char>(c - 32 * (c >= 'a' && c <= 'z'))] = true;
        if (c == '\'') first_byte[0xE2] = true;  // curly apostrophes
      }
      if (i > 0) add_sig(rest_sig, norm);
      std::uint32_t id = intern(norm);
      auto it = edges.find(key(node, id));
      if (it == edges.end()) {
        std::uint32_t nn = static_cast<std::uint32_t>(terminal.size());
        terminal.push_back(-1);
        edges.emplace(key(node, id), nn);
        node = nn;
      } else {
        node = it->second;
      }
    }
    if (terminal[node] < 0) {
      terminal[node] = static_cast<std::int32_t>(entries.size());
      entries.push_back({p.label, p.value});
    }
  }

  /// Longest phrase at token i: returns its end (or i) and the entry.
  std::uint32_t longest(const Doc& doc, std::uint32_t i, std::int32_t& entry, std::string& buf,
                        std::string_view label = {}) const {
    const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
    std::uint32_t node = 0, best = i;
    entry = -1;
    const auto& flags = doc.token_flags();
    for (std::uint32_t j = i; j < n; ++j) {
      if (j > i && (flags[j] & kSentStart)) break;  // a phrase never spans a sentence break
      const std::string_view norm = normalise(tok_text(doc, j), opt.fold_case, buf);
      if (j == i ? !may_start(norm) : !sig_may_contain(rest_sig, norm)) break;
      std::uint32_t id = lookup(norm);
      if (id == kNone) break;
      node = child(node, id);
      if (node == kNone) break;
      std::int32_t t = terminal[node];
      if (t >= 0 && (label.empty() || entries[t].label == label)) best = j + 1, entry = t;
    }
    return best;
  }
};

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// ConfigError unless `p` has a label, a phrase and a value that is empty or JSON.
void check_phrase(const Phrase& p) {
  if (p.label.empty() || p.text.empty())
    throw ConfigError("a phrase needs a label and a text, not " + internal::printable_excerpt(p.label, 80) + ", " +
                      internal::printable_excerpt(p.text, 80));
  if (p.value.empty()) return;
  try {
    internal::parse_json(p.value);
  } catch (const std::exception&) {
    throw ConfigError("phrase " + internal::printable_excerpt(p.text, 80) +
                      ": value is not JSON: " + internal::printable_excerpt(p.value, 80));
  }
}

}  // namespace

PhraseMatcher::PhraseMatcher(const std::vector<Phrase>& phrases, PhraseMatcherOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
  TokenizerOptions to;
  to.split_sentences = false;
  to.utf8 = Utf8Policy::kReplace;
  Tokenizer tok(to);
  for (const auto& p : phrases) {
    check_phrase(p);
    if (p.value.find_first_of(" \t\n\r") == std::string::npos) {
      impl_->add(p, tok);
    } else {  // values are stored as compact JSON, as the rules make them
      Phrase compact = p;
      compact.value = internal::parse_json(p.value).dump();
      impl_->add(compact, tok);
    }
  }
  impl_->freeze();
}

PhraseMatcher::~PhraseMatcher() = default;
PhraseMatcher::PhraseMatcher(PhraseMatcher&&) noexcept = default;
PhraseMatcher& PhraseMatcher::operator=(PhraseMatcher&&) noexcept = default;

std::vector<Phrase> parse_phrase_list(std::string_view contents) {
  if (contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);  // a UTF-8 byte-order mark
  if (const std::size_t bad = internal::find_invalid_utf8(contents); bad != std::string_view::npos) {
    const auto line_no = 1 + std::count(contents.begin(), contents.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw ConfigError("line " + std::to_string(line_no) + ": not valid UTF-8 (byte " + std::to_string(bad) +
                      " of the list; is it a text file of LABEL<TAB>phrase lines?)");
  }
  std::vector<Phrase> phrases;
  std::size_t line_no = 0;
  for (std::size_t b = 0; b < contents.size();) {
    std::size_t e = contents.find('\n', b);
    if (e == std::string_view::npos) e = contents.size();
    std::string_view line = contents.substr(b, e - b);
    b = e + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view stripped = trim(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    std::size_t t1 = line.find('\t');
    std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t1 == std::string_view::npos ||
        (t2 != std::string_view::npos && line.find('\t', t2 + 1) != std::string_view::npos))
      throw ConfigError(where + "expected LABEL<TAB>phrase[<TAB>json value], got " +
                        internal::printable_excerpt(line, 80));
    Phrase p;
    p.label = std::string(trim(line.substr(0, t1)));
    p.text =
        std::string(trim(line.substr(t1 + 1, t2 == std::string_view::npos ? std::string_view::npos : t2 - t1 - 1)));
    if (t2 != std::string_view::npos) p.value = std::string(trim(line.substr(t2 + 1)));
    try {
      check_phrase(p);
    } catch (const ConfigError& err) {
      throw ConfigError(where + err.what());
    }
    phrases.push_back(std::move(p));
  }
  return phrases;
}

std::vector<Phrase> read_phrase_list(const std::string& path) {
  const std::string text = internal::read_config_file(path, internal::kMaxListFileBytes, "phrase list");
  try {
    return parse_phrase_list(text);
  } catch (const ConfigError& e) {
    throw ConfigError(path + ": " + e.what());
  }
}

PhraseMatcher PhraseMatcher::from_string(std::string_view contents, PhraseMatcherOptions options) {
  return PhraseMatcher(parse_phrase_list(contents), options);
}

PhraseMatcher PhraseMatcher::from_file(const std::string& path, PhraseMatcherOptions options) {
  return PhraseMatcher(read_phrase_list(path), options);
}

std::size_t PhraseMatcher::size() const noexcept { return impl_ ? impl_->entries.size() : 0; }

std::vector<Entity> PhraseMatcher::find(const Doc& doc) const {
  std::vector<Entity> out;
  if (!impl_ || impl_->entries.empty()) return out;
  std::string buf;
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  const auto& tb = doc.token_begin();
  const auto& text = doc.text();
  const char* const text_end = text.data() + text.size();
  for (std::uint32_t i = 0; i < n;) {
    // non-ASCII first bytes always go to the full lookup (case folding may map them)
    unsigned char c = static_cast<unsigned char>(text[tb[i]]);
    if (c < 0x80 && !impl_->first_byte[c]) {
      ++i;
      continue;
    }
    // an ASCII token is its own normalised form unless case is folded: a phrase must start
    // with its first byte and length (what longest() checks first), and it must be in the
    // Bloom filter of the phrases' first tokens
    if (!impl_->opt.fold_case) {
      const std::string_view t = tok_text(doc, i);
      if ((!impl_->may_start(t) || !impl_->sig_may_start(t)) && !t.empty() && internal::rules::all_ascii(t, text_end)) {
        ++i;
        continue;
      }
    }
    std::int32_t entry;
    std::uint32_t end = impl_->longest(doc, i, entry, buf);
    if (entry >= 0) {
      Entity e;
      e.tok_begin = i;
      e.tok_end = end;
      e.label = impl_->entries[entry].label;
      e.value = impl_->entries[entry].value;
      e.source = impl_->opt.source;
      out.push_back(std::move(e));
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

std::uint32_t PhraseMatcher::match_at(const Doc& doc, std::uint32_t i, std::string_view label) const {
  if (!impl_ || i >= doc.size()) return 0;
  std::string buf;
  std::int32_t entry;
  std::uint32_t end = impl_->longest(doc, i, entry, buf, label);
  return entry >= 0 ? end - i : 0;
}

std::vector<std::string> PhraseMatcher::labels() const {
  std::set<std::string> s;
  if (impl_)
    for (const auto& e : impl_->entries) s.insert(e.label);
  return {s.begin(), s.end()};
}

}  // namespace byline
