// EntityRuler: recognisers + built-in lists + user lists/patterns, merged with the
// Doc's existing entities by resolve_overlaps().
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "byline/errors.h"
#include "byline/rules.h"
#include "internal/files.h"
#include "rules/builtin_lists.h"
#include "rules/date_scanner.h"
#include "rules/numbers.h"
#include "rules/text_util.h"

namespace byline {

using internal::rules::tok_text;

/// The not_names.txt label of chat words ("LOL", "OMG"), which are trimmed off the edges of
/// a model entity as well ("NONAME" phrases only veto an entity that is exactly one of them).
constexpr std::string_view kTrimmedLabel = "CHAT";

struct EntityRuler::Impl {
  RulerOptions opt;
  // gpe.txt + loc.txt + norp.txt in one trie (one pass over the Doc); titles apart
  std::unique_ptr<PhraseMatcher> places, titles;
  std::unique_ptr<PhraseMatcher> not_names;       // not_names.txt: model entities of exactly such a phrase are dropped
  bool trims = false;                             // not_names.txt has CHAT words, trimmed off model entities too
  std::set<std::string, std::less<>> norp_words;  // single-token NORP entries, for compounds
  std::vector<PhraseMatcher> user_lists;
  std::unique_ptr<TokenMatcher> patterns;

  // First bytes of norp_words and the combining forms: a compound starts with one of them.
  std::array<bool, 256> compound_first{};

  static const std::set<std::string_view>& combining_forms() {
    static const std::set<std::string_view> forms = {"Sino",   "Anglo",   "Franco", "Russo", "Indo",
                                                     "Afro",   "Euro",    "Italo",  "Greco", "Judeo",
                                                     "Austro", "Hispano", "Nippo",  "Turco", "Serbo"};
    return forms;
  }

  /// Fills compound_first from norp_words (once they are read).
  void index_compounds() {
    compound_first.fill(false);
    for (const auto& w : norp_words) {
      if (w.empty()) {  // an empty part could start a compound: no filter
        compound_first.fill(true);
        return;
      }
      compound_first[static_cast<unsigned char>(w[0])] = true;
    }
    for (auto w : combining_forms()) compound_first[static_cast<unsigned char>(w[0])] = true;
  }

  /// "Sino-Russian", "Russian-Chinese", "Anglo-American": every part a demonym or a
  /// combining form.
  bool norp_compound(std::string_view t) const {
    if (norp_words.empty() || t.empty() || t.size() > 64 || !compound_first[static_cast<unsigned char>(t[0])] ||
        !internal::rules::has_hyphen(t, t.data() + t.size()))
      return false;
    const auto& forms = combining_forms();
    std::size_t b = 0, parts = 0;
    bool last_demonym = false;
    for (std::size_t k = 0; k <= t.size(); ++k) {
      if (k < t.size() && t[k] != '-') continue;
      std::string_view part = t.substr(b, k - b);
      b = k + 1;
      ++parts;
      last_demonym = norp_words.count(part) > 0;
      if (!last_demonym && forms.count(part) == 0) return false;
    }
    return parts >= 2 && last_demonym;
  }
};

EntityRuler::EntityRuler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityRuler::~EntityRuler() = default;

RulerOptions read_ruler_files(const RulerOptions& options) {
  RulerOptions out = options;
  if (!options.resource_dir.empty()) {
    if (!options.resources.empty())
      throw ConfigError("ruler: give the built-in lists as resource_dir or as resources, not both");
    std::string dir = options.resource_dir;
    if (dir.back() != '/') dir += '/';
    for (std::size_t i = 0; i < internal::rules::kBuiltinLists.size(); ++i) {
      const std::string name(internal::rules::kBuiltinLists[i]);
      // not_names.txt is optional (resource directories made before it existed have none).
      if (i >= internal::rules::kRequiredLists && !internal::path_exists(dir + name)) continue;
      out.resources[name] = internal::read_regular_file(dir + name, internal::kMaxListFileBytes, "phrase list");
    }
    out.resource_dir.clear();
  } else if (!options.resources.empty()) {
    for (const auto& entry : options.resources)
      if (!internal::rules::is_builtin_list(entry.first))
        throw ConfigError("ruler: unknown built-in list '" + entry.first +
                          "' (expected gpe.txt, loc.txt, norp.txt, titles.txt, not_names.txt)");
    if (auto missing = internal::rules::missing_required_list(options.resources); !missing.empty())
      throw ConfigError("ruler: built-in list " + std::string(missing) + " missing");
  }
  // A user's list that cannot be read is a configuration error, as a bad line is.
  for (const auto& path : options.user_lists)
    out.user_list_texts.emplace_back(path,
                                     internal::read_config_file(path, internal::kMaxListFileBytes, "phrase list"));
  out.user_lists.clear();
  return out;
}

namespace {

std::vector<Phrase> parse_list(const std::string& name, std::string_view contents) {
  try {
    return parse_phrase_list(contents);
  } catch (const ConfigError& e) {
    throw ConfigError(name + ": " + e.what());
  }
}

PhraseMatcher list_matcher(const std::string& name, std::string_view contents, const PhraseMatcherOptions& po) {
  return PhraseMatcher(parse_list(name, contents), po);
}

}  // namespace

std::shared_ptr<const EntityRuler> EntityRuler::create(const RulerOptions& options) {
  auto im = std::make_unique<Impl>();
  im->opt = read_ruler_files(options);
  const auto& res = im->opt.resources;
  if (!res.empty()) {
    PhraseMatcherOptions po;
    po.source = EntitySource::kGazetteer;
    std::vector<Phrase> places;
    for (const char* name : {"gpe.txt", "loc.txt", "norp.txt"}) {
      auto list = parse_list(name, res.at(name));
      places.insert(places.end(), std::make_move_iterator(list.begin()), std::make_move_iterator(list.end()));
    }
    im->places = std::make_unique<PhraseMatcher>(places, po);
    im->titles = std::make_unique<PhraseMatcher>(list_matcher("titles.txt", res.at("titles.txt"), po));
    if (auto it = res.find("not_names.txt"); it != res.end()) {
      im->not_names = std::make_unique<PhraseMatcher>(list_matcher("not_names.txt", it->second, po));
      const auto labels = im->not_names->labels();
      im->trims = std::find(labels.begin(), labels.end(), kTrimmedLabel) != labels.end();
    }
    // single words of the NORP list, for hyphenated compounds
    std::istringstream f(res.at("norp.txt"));
    std::string line;
    while (std::getline(f, line)) {
      auto tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
      std::string w = line.substr(tab + 1);
      if (w.find_first_of(" \t") == std::string::npos) im->norp_words.insert(w);
    }
    im->index_compounds();
  }
  for (const auto& [name, contents] : im->opt.user_list_texts) {
    PhraseMatcherOptions po;
    po.source = EntitySource::kUser;
    po.fold_case = im->opt.user_lists_fold_case;
    im->user_lists.push_back(list_matcher(name, contents, po));
  }
  if (!im->opt.user_phrases.empty()) {
    PhraseMatcherOptions po;
    po.source = EntitySource::kUser;
    po.fold_case = im->opt.user_lists_fold_case;
    im->user_lists.emplace_back(im->opt.user_phrases, po);
  }
  if (!im->opt.patterns_json.empty())
    im->patterns = std::make_unique<TokenMatcher>(TokenMatcher::from_json(im->opt.patterns_json, EntitySource::kUser));
  return std::shared_ptr<const EntityRuler>(new EntityRuler(std::move(im)));
}

const RulerOptions& EntityRuler::options() const noexcept { return impl_->opt; }

std::vector<Entity> EntityRuler::find(const Doc& doc) const {
  const Impl& im = *impl_;
  // Each recogniser's candidates, then one vector of them all in the same order.
  std::vector<Entity> dates, nums, places, compounds;
  std::vector<std::vector<Entity>> others;
  std::vector<std::uint8_t> claimed;
  // The cheap filters of the date and numeric recognisers and the NORP compounds in one
  // pass over the tokens: each reads the token's text, and whether it looks numeric and
  // whether it has a hyphen is worked out once for all three.
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  std::vector<std::uint8_t> date_starts(im.opt.dates ? n : 0), numeric_starts(im.opt.numbers ? n : 0);
  {
    const internal::rules::Scanner scanner(doc, DateAnchor{});  // (may_start reads no anchor)
    const internal::rules::WordFilter& numeric_filter = internal::rules::numeric_start_filter();
    const char* const text_end = doc.text().data() + doc.text().size();
    const auto& kinds = doc.token_kind();
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::string_view t = tok_text(doc, i);
      const auto kind = static_cast<TokenKind>(kinds[i]);
      const bool numeric = internal::rules::looks_numeric(t);
      const bool hyphen = internal::rules::has_hyphen(t, text_end);
      if (im.opt.dates) date_starts[i] = scanner.may_start_given(i, kind, t, numeric, hyphen) ? 1 : 0;
      if (im.opt.numbers) numeric_starts[i] = internal::rules::numeric_may_start(t, numeric, hyphen, numeric_filter);
      if (im.places && hyphen && kind == TokenKind::kWord && im.norp_compound(t)) {
        Entity e;
        e.tok_begin = i;
        e.tok_end = i + 1;
        e.label = "NORP";
        e.source = EntitySource::kGazetteer;
        compounds.push_back(std::move(e));
      }
    }
  }
  if (im.opt.dates) {
    dates = internal::rules::find_temporal(doc, im.opt.anchor, &date_starts);
    claimed.assign(doc.size(), 0);
    for (const auto& e : dates)
      for (auto t = e.tok_begin; t < e.tok_end; ++t) claimed[t] = 1;
  }
  if (im.opt.numbers) nums = internal::rules::find_numeric(doc, claimed, &numeric_starts);
  if (im.places) places = im.places->find(doc);
  for (const auto& l : im.user_lists) others.push_back(l.find(doc));
  if (im.patterns) others.push_back(im.patterns->find(doc));
  std::size_t total = dates.size() + nums.size() + places.size() + compounds.size();
  for (const auto& v : others) total += v.size();
  std::vector<Entity> out = std::move(dates);
  out.reserve(total);
  auto append = [&](std::vector<Entity>& v) {
    out.insert(out.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  };
  append(nums);
  append(places);
  append(compounds);
  for (auto& v : others) append(v);
  return out;
}

namespace {

/// A Doc's entities, kept apart from it in columns (labels and the first kMaxValueIds
/// distinct values interned).
class EntityStore {
 public:
  static constexpr std::size_t kMaxValueIds = 4096;

  explicit EntityStore(const Doc& doc) {
    const std::size_t n = doc.num_entities();
    begin_.reserve(n);
    end_.reserve(n);
    label_.reserve(n);
    score_.reserve(n);
    source_.reserve(n);
    value_.reserve(n);
    std::map<std::string, std::uint32_t> ids;
    for (std::size_t k = 0; k < n; ++k) {
      Entity e = doc.entity(k);
      begin_.push_back(e.tok_begin);
      end_.push_back(e.tok_end);
      label_.push_back(doc.entity_label_id()[k]);
      score_.push_back(e.score);
      source_.push_back(e.source);
      if (auto it = ids.find(e.value); it != ids.end()) {
        value_.push_back(it->second);
        continue;
      }
      value_.push_back(static_cast<std::uint32_t>(values_.size()));
      if (ids.size() < kMaxValueIds) ids.emplace(e.value, value_.back());
      values_.push_back(std::move(e.value));
    }
    labels_ = doc.labels();
  }
  std::size_t size() const noexcept { return begin_.size(); }
  std::uint32_t tok_begin(std::size_t k) const { return begin_[k]; }
  std::uint32_t tok_end(std::size_t k) const { return end_[k]; }
  /// The first entity that starts at or after token t (they are sorted by start).
  std::size_t first_from(std::uint32_t t) const {
    return static_cast<std::size_t>(std::lower_bound(begin_.begin(), begin_.end(), t) - begin_.begin());
  }
  Entity entity(std::size_t k) const {
    Entity e;
    e.tok_begin = begin_[k];
    e.tok_end = end_[k];
    e.label = labels_[label_[k]];
    e.score = score_[k];
    e.source = source_[k];
    e.value = values_[value_[k]];
    return e;
  }

 private:
  std::vector<std::uint32_t> begin_, end_, value_;
  std::vector<std::uint16_t> label_;
  std::vector<float> score_;
  std::vector<EntitySource> source_;
  std::vector<std::string> labels_, values_;
};

/// The tokens [b, e) of `doc` as a Doc of their own, with the text from the end of token
/// b - 1 to the start of token e (the separators around them), the sentences and
/// paragraphs clipped to them, the metadata, and those of the entities [first, last) of
/// `entities` that lie within them; offsets start at 0.
Doc window_doc(const Doc& doc, std::uint32_t b, std::uint32_t e, const EntityStore& entities, std::size_t first,
               std::size_t last) {
  const auto& tb = doc.token_begin();
  const auto& te = doc.token_end();
  const auto& cb = doc.token_char_begin();
  const auto& ce = doc.token_char_end();
  const std::uint32_t byte0 = b == 0 ? 0 : te[b - 1];
  const std::uint32_t byte1 = e == doc.size() ? static_cast<std::uint32_t>(doc.text().size()) : tb[e];
  const std::uint32_t char0 = b == 0 ? 0 : ce[b - 1];
  const std::uint32_t char1 = e == doc.size() ? doc.char_length() : cb[e];
  Doc w(doc.text().substr(byte0, byte1 - byte0));
  w.set_char_length(char1 - char0);
  w.set_utf8_replaced(doc.utf8_replaced());
  for (const auto& [key, value] : doc.meta()) w.set_meta(key, value);
  w.reserve_tokens(e - b);
  for (std::uint32_t i = b; i < e; ++i)
    w.push_token(tb[i] - byte0, te[i] - byte0, cb[i] - char0, ce[i] - char0,
                 static_cast<TokenKind>(doc.token_kind()[i]), doc.token_flags()[i]);
  auto clip = [&](const std::vector<TokenRange>& ranges) {
    std::vector<TokenRange> out;
    auto it = std::upper_bound(ranges.begin(), ranges.end(), b,
                               [](std::uint32_t t, const TokenRange& r) { return t < r.end; });
    for (; it != ranges.end() && it->begin < e; ++it)
      out.push_back({std::max(it->begin, b) - b, std::min(it->end, e) - b});
    return out;
  };
  w.set_sentences(clip(doc.sentences()));
  w.set_paragraphs(clip(doc.paragraphs()));
  for (std::size_t k = first; k < last; ++k) {
    if (entities.tok_begin(k) < b || entities.tok_end(k) > e) continue;
    Entity x = entities.entity(k);
    x.tok_begin -= b;
    x.tok_end -= b;
    w.add_entity(std::move(x));
  }
  return w;
}

}  // namespace

void EntityRuler::annotate(Doc& doc) const { annotate(doc, kWindowTokens); }

void EntityRuler::annotate(Doc& doc, std::size_t window_tokens) const {
  const std::size_t n = doc.size();
  const auto& starts = doc.entity_token_begin();
  if (window_tokens == 0 || n <= window_tokens || !std::is_sorted(starts.begin(), starts.end())) {
    annotate_whole(doc);
    return;
  }
  const auto w = static_cast<std::uint32_t>(window_tokens);
  const auto& sents = doc.sentences();
  // The sentence that holds token t, or sents.end().
  auto sentence_of = [&](std::uint32_t t) {
    auto it = std::upper_bound(sents.begin(), sents.end(), t,
                               [](std::uint32_t x, const TokenRange& r) { return x < r.begin; });
    if (it == sents.begin()) return sents.end();
    --it;
    return t < it->end ? it : sents.end();
  };
  // The Doc's entities, taken out: the windows add the merged ones back in order.
  const EntityStore before(doc);
  doc.clear_entities();
  for (std::uint32_t begin = 0; begin < n;) {
    std::uint32_t end = static_cast<std::uint32_t>(std::min<std::size_t>(n, std::size_t{begin} + w));
    if (end < n) {  // at the start of the sentence of token `end` when it starts in the last half
      auto s = sentence_of(end);
      if (s != sents.end() && s->begin > begin + w / 2) end = s->begin;
    }
    // The context: kWindowContext tokens, widened to the sentences they cut if those end
    // within a quarter window; and every entity that starts in [begin, end) whole.
    std::uint32_t lo = begin > kWindowContext ? begin - static_cast<std::uint32_t>(kWindowContext) : 0;
    if (auto s = sentence_of(lo); s != sents.end() && lo - s->begin <= w / 4) lo = s->begin;
    std::uint32_t hi = static_cast<std::uint32_t>(std::min<std::size_t>(n, std::size_t{end} + kWindowContext));
    if (auto s = sentence_of(hi - 1); s != sents.end() && s->end - hi <= w / 4) hi = s->end;
    const std::size_t first = before.first_from(lo);
    std::size_t last = first;
    for (; last < before.size() && before.tok_begin(last) < hi; ++last)
      if (before.tok_begin(last) < end) hi = std::max(hi, before.tok_end(last));
    Doc part = window_doc(doc, lo, hi, before, first, last);
    annotate_whole(part);
    for (std::size_t k = 0; k < part.num_entities(); ++k) {
      Entity x = part.entity(k);
      if (x.tok_begin + lo < begin || x.tok_begin + lo >= end) continue;
      x.tok_begin += lo;
      x.tok_end += lo;
      doc.add_entity(std::move(x));
    }
    begin = end;
  }
}

namespace {

// "LOL Trump" is the name "Trump": a model entity loses the chat words of not_names.txt
// (label CHAT) at its edges, and goes when nothing is left.
bool trim_chat_words(const Doc& doc, const PhraseMatcher& not_names, Entity& e) {
  while (e.tok_begin < e.tok_end && not_names.match_at(doc, e.tok_begin, kTrimmedLabel) == 1) ++e.tok_begin;
  while (e.tok_end > e.tok_begin && not_names.match_at(doc, e.tok_end - 1, kTrimmedLabel) == 1) --e.tok_end;
  return e.tok_begin < e.tok_end;
}

// "RT" before an @handle is the retweet marker of a social-media post ("RT @bbcnews: ..."),
// not the broadcaster RT.
bool is_retweet_marker(const Doc& doc, std::uint32_t b, std::uint32_t e) {
  return e == b + 1 && e < doc.size() && doc.token_text(b) == "RT" && doc.token_text(e).size() > 1 &&
         doc.token_text(e).front() == '@';
}

}  // namespace

void EntityRuler::annotate_whole(Doc& doc) const {
  auto mine = find(doc);
  // The Doc's entities, model entities without the chat words at their edges ("LOL Trump"
  // is "Trump"); the veto below looks at what is left.
  std::vector<Entity> all;
  all.reserve(doc.num_entities() + mine.size());
  for (std::size_t k = 0; k < doc.num_entities(); ++k) {
    Entity e = doc.entity(k);
    if (impl_->trims && e.source == EntitySource::kModel && e.tok_end - e.tok_begin > 1 &&
        !trim_chat_words(doc, *impl_->not_names, e))
      continue;
    all.push_back(std::move(e));
  }
  // "AI", "CEO", "R&D" are not names: a model entity of exactly such a phrase goes, as does
  // the retweet marker. A vetoed entity is one of the list's matches in a scan of the Doc,
  // so the longest match at its start ends where it ends: the Doc is scanned only when a
  // model entity is such a candidate (most have none).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> veto;
  if (impl_->not_names) {
    bool candidate = false;
    for (std::size_t k = 0; k < all.size() && !candidate; ++k) {
      const Entity& e = all[k];
      candidate = e.source == EntitySource::kModel &&
                  impl_->not_names->match_at(doc, e.tok_begin, {}) == e.tok_end - e.tok_begin;
    }
    if (candidate)
      for (const auto& m : impl_->not_names->find(doc)) veto.emplace_back(m.tok_begin, m.tok_end);
    std::sort(veto.begin(), veto.end());  // looked up once per entity: linear in a long document
  }
  all.erase(std::remove_if(all.begin(), all.end(),
                           [&](const Entity& e) {
                             return e.source == EntitySource::kModel &&
                                    ((!veto.empty() && std::binary_search(veto.begin(), veto.end(),
                                                                          std::make_pair(e.tok_begin, e.tok_end))) ||
                                     is_retweet_marker(doc, e.tok_begin, e.tok_end));
                           }),
            all.end());
  // then the rules' candidates
  all.insert(all.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  auto merged = resolve_overlaps(std::move(all), doc, impl_->titles.get(), impl_->places.get());
  doc.clear_entities();
  for (auto& e : merged) doc.add_entity(std::move(e));
}

std::vector<std::string> EntityRuler::labels() const {
  std::set<std::string> s;
  if (impl_->opt.dates) s.insert({"DATE", "TIME"});
  if (impl_->opt.numbers) s.insert({"CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"});
  if (impl_->places) s.insert({"GPE", "LOC", "NORP"});
  return {s.begin(), s.end()};
}

std::vector<std::string> EntityRuler::user_labels() const {
  std::set<std::string> s;
  for (const auto& m : impl_->user_lists)
    for (auto& l : m.labels()) s.insert(std::move(l));
  if (impl_->patterns)
    for (auto& l : impl_->patterns->labels()) s.insert(std::move(l));
  return {s.begin(), s.end()};
}

}  // namespace byline
