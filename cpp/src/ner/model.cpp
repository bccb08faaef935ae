// EntityRecognizer: model file format, loading, inference, evaluation.
#include "ner/model.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "byline/errors.h"
#include "byline/tokenizer.h"
#include "internal/files.h"
#include "internal/json_parse.h"
#include "internal/log.h"
#include "rules/text_util.h"

namespace byline {
namespace ner {

std::uint64_t next_model_uid() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

std::uint64_t checksum64(const char* data, std::size_t n) {
  std::uint64_t h = 0x243F6A8885A308D3ULL ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, data + i, 8);
    h = (h ^ mix64(v)) * 0x9E3779B97F4A7C15ULL;
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i + k < n; ++k)
    tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i + k])) << (8 * k);
  return mix64(h ^ mix64(tail + 1));
}

namespace {

// Little-endian writer/reader (the library targets little-endian hosts; checked at load).
class Writer {
 public:
  template <class T>
  void pod(const T& v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void str(std::string_view s) {
    pod(static_cast<std::uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(const char* p, std::size_t n) : p_(p), n_(n) {}
  void need(std::size_t k, const char* what) {
    if (n_ - pos_ < k) throw ModelError(std::string("NER model is truncated or corrupted (reading ") + what + ")");
  }
  template <class T>
  T pod(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  template <class T>
  std::vector<T> array(const char* what) {
    auto n = pod<std::uint64_t>(what);
    if (n > (n_ - pos_) / sizeof(T))
      throw ModelError(std::string("NER model is truncated or corrupted (") + what + " size)");
    std::vector<T> v(static_cast<std::size_t>(n));
    if (n) std::memcpy(v.data(), p_ + pos_, static_cast<std::size_t>(n) * sizeof(T));
    pos_ += static_cast<std::size_t>(n) * sizeof(T);
    return v;
  }
  std::string str(const char* what) {
    auto n = pod<std::uint32_t>(what);
    need(n, what);
    std::string s(p_ + pos_, n);
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == n_; }

 private:
  const char* p_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

bool little_endian() {
  const std::uint32_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

}  // namespace
}  // namespace ner

void EntityRecognizer::Impl::build_index() {
  std::size_t cap = 16;
  while (cap < row_key.size() * 2) cap <<= 1;
  if (ent_w.size() >= (1u << 24)) throw ModelError("NER model has too many weights (limit 16M)");
  slots.assign(cap, Slot{0, 0});
  slot_mask = cap - 1;
  for (std::size_t r = 0; r < row_key.size(); ++r) {
    std::uint64_t s = row_key[r] & slot_mask;
    while (slots[s].fp != 0) s = (s + 1) & slot_mask;
    slots[s] = Slot{fingerprint(row_key[r]), row_off[r] << 8 | (row_off[r + 1] - row_off[r])};
  }
  packed.resize(ent_w.size());
  for (std::size_t e = 0; e < ent_w.size(); ++e) packed[e] = Packed{ent_w[e], ent_label[e], 0};
  allowed = ner::allowed_transitions(labels);
  end_ok.assign(labels.size(), 0);
  for (std::size_t c = 0; c < labels.size(); ++c) end_ok[c] = ner::allowed_end(labels[c]);
  decoder.set(trans.data(), allowed, end_ok, num_labels());
}

void EntityRecognizer::Impl::finish_init() {
  const std::size_t L = labels.size();
  if (L < 1 || L > 255 || labels != ner::bilou_labels(types))
    throw ModelError("NER model is corrupted: label set does not match its entity types");
  if (row_off.size() != row_key.size() + 1 || ent_label.size() != ent_w.size() ||
      (row_off.empty() ? 0 : row_off.back()) != ent_w.size())
    throw ModelError("NER model is corrupted: inconsistent weight table");
  for (std::size_t r = 0; r + 1 < row_off.size(); ++r)
    if (row_off[r] > row_off[r + 1] || row_off[r + 1] - row_off[r] > L)
      throw ModelError("NER model is corrupted: bad row offsets");
  for (auto l : ent_label)
    if (l >= L) throw ModelError("NER model is corrupted: weight for unknown label");
  for (auto k : row_key)
    if (k == 0) throw ModelError("NER model is corrupted: zero feature key");
  if (trans.size() != (L + 1) * L) throw ModelError("NER model is corrupted: transition matrix size");
  build_index();
  label_type.assign(L, -1);
  label_pos.assign(L, -1);
  type_labels.assign(types.size(), {-1, -1, -1, -1});
  for (std::size_t l = 0; l < L; ++l) {
    const std::string& name = labels[l];
    if (name.size() < 3) continue;  // O
    const auto t = std::find(types.begin(), types.end(), name.substr(2)) - types.begin();
    const auto pos = std::string_view("BILU").find(name[0]);
    label_type[l] = static_cast<int>(t);
    label_pos[l] = static_cast<int>(pos);
    type_labels[static_cast<std::size_t>(t)][pos] = static_cast<int>(l);
  }
}

bool EntityRecognizer::Impl::scores_through_conll(const std::vector<ConllDoc>& data) const {
  if (conll_typed()) return false;
  bool any = false;
  for (const auto& d : data)
    for (const auto& sp : tags_to_spans(d.tags)) {
      if (sp.type != "PER" && sp.type != "ORG" && sp.type != "LOC" && sp.type != "MISC") return false;
      any = true;
    }
  return any;
}

float EntityRecognizer::Impl::span_confidence(float margin) const {
  if (calib_a == 0.0f && calib_b == 0.0f) return 1.0f;
  const double z = static_cast<double>(calib_a) * std::log1p(std::min(static_cast<double>(margin), 1e6)) +
                   static_cast<double>(calib_b);
  return static_cast<float>(1.0 / (1.0 + std::exp(-z)));
}

float EntityRecognizer::Impl::margin_for_confidence(float p) const {
  // Inverse of span_confidence(): log(1 + m) = (logit(p) - b) / a.
  const double q = std::clamp(static_cast<double>(p), 1e-6, 1.0 - 1e-6);
  const double z = std::log(q / (1.0 - q));
  return static_cast<float>(
      std::max(0.0, std::expm1((z - static_cast<double>(calib_b)) / static_cast<double>(calib_a))));
}

void EntityRecognizer::Impl::harmonise_types(const std::vector<std::string_view>& words, std::vector<int>& ids,
                                             std::vector<float>& margins) const {
  if (!(calib_a > 0.0f)) return;  // uncalibrated: every confidence is 1, no vote can change a type
  std::vector<TypedSpan> spans;
  const std::size_t n = ids.size();
  for (std::size_t i = 0; i < n;) {
    const auto pos = label_pos[static_cast<std::size_t>(ids[i])];
    if (pos != 0 && pos != 3) {  // not B or U
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (pos == 0) {
      while (j < n && label_pos[static_cast<std::size_t>(ids[j])] == 1) ++j;
      if (j < n && label_pos[static_cast<std::size_t>(ids[j])] == 2) ++j;
    }
    float m = margins[i];
    for (std::size_t k = i + 1; k < j; ++k) m = std::min(m, margins[k]);
    spans.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j),
                     label_type[static_cast<std::size_t>(ids[i])], span_confidence(m)});
    i = j;
  }
  if (spans.size() < 2) return;
  organisation_heads(words, spans, ids, margins);
  vote_types(words, spans, ids, margins);
  person_surnames(words, spans, ids, margins);
}

void EntityRecognizer::Impl::vote_types(const std::vector<std::string_view>& words, std::vector<TypedSpan>& spans,
                                        std::vector<int>& ids, std::vector<float>& margins) const {
  // Groups of spans with the same words in any ASCII case (each word's length, then its lower-case bytes).
  std::unordered_map<std::string, std::size_t> group_of;
  std::vector<std::size_t> group(spans.size());
  std::string key;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    key.clear();
    for (std::uint32_t k = spans[i].begin; k < spans[i].end; ++k) {
      const auto len = static_cast<std::uint32_t>(words[k].size());
      key.append(reinterpret_cast<const char*>(&len), sizeof len);
      const std::size_t at = key.size();
      key += words[k];
      for (std::size_t c = at; c < key.size(); ++c)  // "ROTOR" in a heading votes with "Rotor"
        if (key[c] >= 'A' && key[c] <= 'Z') key[c] = static_cast<char>(key[c] - 'A' + 'a');
    }
    group[i] = group_of.try_emplace(key, group_of.size()).first->second;
  }
  if (group_of.size() == spans.size()) return;  // every spelling met once
  const std::size_t T = types.size();
  std::vector<float> votes(group_of.size() * T, 0.0f);
  for (std::size_t i = 0; i < spans.size(); ++i)
    votes[group[i] * T + static_cast<std::size_t>(spans[i].type)] += spans[i].confidence;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    auto& s = spans[i];
    const float* v = &votes[group[i] * T];
    const auto best = static_cast<std::size_t>(std::max_element(v, v + T) - v);
    if (static_cast<int>(best) == s.type || !(v[best] > v[static_cast<std::size_t>(s.type)])) continue;
    float total = 0.0f;
    for (std::size_t t = 0; t < T; ++t) total += v[t];
    const float share = v[best] / total;
    if (!(share > s.confidence)) continue;  // the span is surer of its own type than the group of the other
    set_span_type(s, static_cast<int>(best), share, ids, margins);
  }
}

namespace {
// A word before a name that makes it a place or a thing, not a person: a preposition of
// place or direction ("flew to Washington", "sales at Ford") or an article ("the Hilton").
bool place_word_before(std::string_view w) {
  static const std::array<std::string_view, 18> k = {"in",     "to",      "from",    "at",  "near", "into",
                                                     "across", "toward",  "towards", "via", "of",   "about",
                                                     "around", "outside", "inside",  "the", "onto", "throughout"};
  if (w.size() > 10) return false;
  const std::string low = ner::ascii_lower(w);  // "In Washington", "FLEW TO WASHINGTON"
  return std::find(k.begin(), k.end(), low) != k.end();
}
// The word after a name that makes it read as a person: a verb or another lower-case word
// ("Washington served", "Jordan said"), a comma ("Washington, who") or a possessive; a
// name at the end of a sentence ("He missed London.") is left to the model.
bool subject_like(const std::vector<std::string_view>& words, std::uint32_t end) {
  if (end >= words.size()) return false;
  std::string_view w = words[end];
  if (w == "," || w == "'s" || w == "\u2019s") return true;
  return !w.empty() && w[0] >= 'a' && w[0] <= 'z';
}
}  // namespace

void EntityRecognizer::Impl::person_surnames(const std::vector<std::string_view>& words, std::vector<TypedSpan>& spans,
                                             std::vector<int>& ids, std::vector<float>& margins) const {
  const int person = person_type();
  if (person < 0) return;
  // The last word of every person name of two or more words, with the highest confidence
  // of a name that ends in it.
  std::unordered_map<std::string_view, float> surname;
  for (const auto& s : spans) {
    if (s.type != person || s.end - s.begin < 2) continue;
    float& c = surname[words[s.end - 1]];
    c = std::max(c, s.confidence);
  }
  if (surname.empty()) return;
  for (auto& s : spans) {
    if (s.type == person || s.end - s.begin != 1) continue;
    const auto it = surname.find(words[s.begin]);
    if (it == surname.end() || !(it->second > s.confidence)) continue;
    if (s.begin > 0 && place_word_before(words[s.begin - 1])) continue;
    if (!subject_like(words, s.end)) continue;
    set_span_type(s, person, it->second, ids, margins);
  }
}

void EntityRecognizer::Impl::organisation_heads(const std::vector<std::string_view>& words,
                                                std::vector<TypedSpan>& spans, std::vector<int>& ids,
                                                std::vector<float>& margins) const {
  const int person = person_type(), org = type_index("ORG");
  // the gazetteer's company designators ("SA", "Inc", "Corp", "plc", "GmbH")
  const auto designator = std::find(res.gaz_types.begin(), res.gaz_types.end(), "org_suffix");
  if (person < 0 || org < 0 || designator == res.gaz_types.end()) return;
  const std::uint32_t designator_bit = 1u << (designator - res.gaz_types.begin());
  // The first word of every company name that ends in a designator ("Ruch SA", "Dell
  // Computer Corp"; not "Trump Media", "Bloomberg News"), with the highest confidence of a
  // name that starts with it; not a word of a person's name of two or more words
  // ("Michael Dell").
  std::unordered_map<std::string_view, float> head;
  for (const auto& s : spans) {
    if (s.type != org || s.end - s.begin < 2) continue;
    if ((res.gaz_lookup(words[s.end - 1]) & designator_bit) == 0) continue;
    float& c = head[words[s.begin]];
    c = std::max(c, s.confidence);
  }
  if (head.empty()) return;
  for (const auto& s : spans)
    if (s.type == person && s.end - s.begin >= 2)
      for (std::uint32_t k = s.begin; k < s.end; ++k) head.erase(words[k]);
  for (auto& s : spans) {
    if (s.type != person || s.end - s.begin != 1) continue;
    const auto it = head.find(words[s.begin]);
    if (it == head.end() || !(it->second > s.confidence)) continue;
    set_span_type(s, org, it->second, ids, margins);
  }
}

void EntityRecognizer::Impl::set_span_type(TypedSpan& s, int type, float confidence, std::vector<int>& ids,
                                           std::vector<float>& margins) const {
  const float m = margin_for_confidence(confidence);
  for (std::uint32_t k = s.begin; k < s.end; ++k) {
    ids[k] = type_labels[static_cast<std::size_t>(type)]
                        [static_cast<std::size_t>(label_pos[static_cast<std::size_t>(ids[k])])];
    margins[k] = m;
  }
  s.type = type;
  s.confidence = confidence;
}

int EntityRecognizer::Impl::type_index(std::string_view name) const {
  for (std::size_t t = 0; t < types.size(); ++t)
    if (types[t] == name) return static_cast<int>(t);
  return -1;
}

int EntityRecognizer::Impl::person_type() const {
  for (std::size_t t = 0; t < types.size(); ++t)
    if (types[t] == "PERSON" || types[t] == "PER") return static_cast<int>(t);
  return -1;
}

void EntityRecognizer::Impl::tag(const std::vector<std::string_view>& words, const std::vector<TokenRange>& sentences,
                                 ner::Workspace& ws, std::vector<int>& out, std::vector<float>* margins) const {
  // Cluster ids are needed only for the spelling-only features, which the word cache
  // holds: they are looked up on a cache miss (tag_prepared), not for every token.
  ner::prepare_doc(words, sentences, res, disabled, ws.df, /*clusters=*/!lazy_clusters());
  tag_prepared(ws, out, margins, /*fresh_memory=*/true);
}

void EntityRecognizer::Impl::tag_prepared(ner::Workspace& ws, std::vector<int>& out, std::vector<float>* margins,
                                          bool fresh_memory) const {
  const bool lazy_clusters = this->lazy_clusters();
  auto score = [this, &ws](const std::uint64_t* f, const std::uint32_t* off, std::size_t n, float* o) {
    add_sentence_scores(f, off, n, o, ws.ranges);
  };
  // The scores of the features that depend on one word's spelling alone, its own word
  // features and its neighbour features in each role (kept with the workspace).
  ner::WordCache& cache = ws.cache;
  const std::size_t L = labels.size();
  const std::size_t B = ner::kWordBlocks * L;
  if (!cache.owned_by(uid, B)) cache.reset(uid, B);
  ner::TokenInfo with_clusters;
  auto fill = [&](const ner::TokenInfo* t, float* v) {
    if (t && lazy_clusters) {
      with_clusters = *t;
      ner::assign_clusters(with_clusters, res);
      t = &with_clusters;
    }
    // The kWordBlocks blocks are consecutive rows of L scores: one sentence-style lookup.
    std::uint32_t off[ner::kWordBlocks + 1];
    ws.wfeats.clear();
    off[0] = 0;
    if (t) ner::word_features(*t, disabled, res.num_clusterings, ws.wfeats);
    off[1] = static_cast<std::uint32_t>(ws.wfeats.size());
    for (std::uint32_t r = 0; r < ner::kNeighbourRoles; ++r) {
      ner::neighbour_features(t, static_cast<ner::NeighbourRole>(r), disabled, res.num_clusterings, ws.wfeats);
      off[2 + r] = static_cast<std::uint32_t>(ws.wfeats.size());
    }
    add_sentence_scores(ws.wfeats.data(), off, ner::kWordBlocks, v, ws.ranges);
  };
  ws.edge.assign(B, 0.0f);
  fill(nullptr, ws.edge.data());
  const auto& toks = ws.df.toks;
  auto key_of = [](const ner::TokenInfo& t) -> std::uint64_t { return t.h_exact ? t.h_exact : 1; };
  // A sentence's blocks are all found before any is used: the cache must not be emptied
  // in between (pieces have at most kMaxSentence tokens, far fewer than the cache holds).
  auto word_blocks = [&](std::uint32_t b, std::uint32_t e, const float** out) {
    constexpr std::uint32_t kAhead = 4;   // tokens whose cache slot is loaded ahead of the lookup
    if (e - b > ner::WordCache::kMaxRun)  // decode_doc() gets pieces of at most kMaxSentence tokens
      throw std::logic_error("NER: a decoded piece of " + std::to_string(e - b) + " tokens is too long");
    cache.make_room(e - b);
    for (std::uint32_t j = b; j < e; ++j) {
      if (j + kAhead < e) cache.prefetch(key_of(toks[j + kAhead]));
      const std::uint64_t key = key_of(toks[j]);
      const float* v = cache.find(key);
      if (!v) {
        float* w = cache.insert(key);
        fill(&toks[j], w);
        v = w;
      } else {
        for (std::size_t k = 0; k < B; k += 16) __builtin_prefetch(v + k);  // the block's cache lines
      }
      out[j - b] = v;
    }
  };
  ner::decode_doc(ws.df, score, word_blocks, ws.edge.data(), decoder, labels, disabled, res.num_clusterings, ws, out,
                  margins, fresh_memory);
}

std::string EntityRecognizer::Impl::serialize() const {
  ner::Writer pw;
  nlohmann::json cfg = info;
  cfg["types"] = types;
  cfg["labels"] = labels;
  cfg["scheme"] = "BILOU";
  cfg["spec_revision"] = ner::kSpecRevision;
  cfg["disabled_features"] = ner::group_names(disabled);
  cfg["disabled_mask"] = disabled;
  cfg["num_clusterings"] = res.num_clusterings;
  cfg["gazetteer_types"] = res.gaz_types;
  cfg["gpe_mask"] = res.gpe_mask;
  cfg["gazetteer_max_len"] = res.gaz_max_len;
  if (res.unicode_shapes)
    cfg["unicode_shapes"] = true;
  else
    cfg.erase("unicode_shapes");  // absent: the ASCII shapes of models trained before the key
  // A model without the vector section is written as format 2, which byline builds from
  // before format 3 read too.
  const bool vectors = !res.vec_index.empty();
  if (vectors)
    cfg["vector_rows"] = res.vec_rows;
  else
    cfg.erase("vector_rows");  // a model read from a format-3 file and written without vectors
  cfg["scale"] = scale;
  pw.str(cfg.dump());
  pw.array(row_key);
  pw.array(row_off);
  pw.array(ent_label);
  pw.array(ent_w);
  pw.array(trans);
  // Resources as their hashed indexes (the strings are not needed at run time).
  pw.array(res.cluster_index.raw_keys());
  pw.array(res.cluster_index.raw_values());
  pw.array(res.gaz_index.raw_keys());
  pw.array(res.gaz_index.raw_values());
  if (vectors) {
    pw.array(res.vec_index.raw_keys());
    pw.array(res.vec_index.raw_values());
  }
  const std::string& payload = pw.out();
  ner::Writer w;
  w.out().append(ner::kMagic, 4);
  w.pod(vectors ? ner::kFormatVersion : std::uint32_t{2});
  w.pod(static_cast<std::uint64_t>(payload.size()));
  w.pod(ner::checksum64(payload.data(), payload.size()));
  w.out() += payload;
  return std::move(w.out());
}

std::uint32_t EntityRecognizer::Impl::check_header(const char* data, std::uint64_t size) {
  if (!ner::little_endian()) throw ModelError("NER models require a little-endian host");
  if (size < kHeaderBytes)
    throw ModelError("NER model is truncated: " + std::to_string(size) + " bytes, header needs " +
                     std::to_string(kHeaderBytes));
  if (std::memcmp(data, ner::kMagic, 4) != 0) throw ModelError("not a byline NER model (bad magic)");
  std::uint32_t version;
  std::memcpy(&version, data + 4, 4);
  if (version < ner::kOldestFormatVersion || version > ner::kFormatVersion)
    throw ModelError("unsupported NER model format version " + std::to_string(version) +
                     " (this library reads versions " + std::to_string(ner::kOldestFormatVersion) + " to " +
                     std::to_string(ner::kFormatVersion) + ")");
  std::uint64_t psize;
  std::memcpy(&psize, data + 8, 8);
  if (psize != size - kHeaderBytes)
    throw ModelError("NER model is truncated: payload has " + std::to_string(size - kHeaderBytes) +
                     " bytes, header says " + std::to_string(psize));
  return version;
}

std::unique_ptr<EntityRecognizer::Impl> EntityRecognizer::Impl::deserialize(const char* data, std::size_t size) {
  const std::uint32_t version = check_header(data, size);
  std::uint64_t psize, sum;
  std::memcpy(&psize, data + 8, 8);
  std::memcpy(&sum, data + 16, 8);
  if (ner::checksum64(data + 24, static_cast<std::size_t>(psize)) != sum)
    throw ModelError("NER model is corrupted: checksum mismatch");
  ner::Reader r(data + 24, static_cast<std::size_t>(psize));
  auto impl = std::make_unique<Impl>();
  nlohmann::json cfg;
  try {
    cfg = internal::parse_json(r.str("config"));
    if (cfg.at("spec_revision").get<std::uint32_t>() != ner::kSpecRevision)
      throw ModelError("unsupported NER feature spec revision " + cfg.at("spec_revision").dump());
    impl->types = cfg.at("types").get<std::vector<std::string>>();
    impl->labels = cfg.at("labels").get<std::vector<std::string>>();
    impl->disabled = cfg.at("disabled_mask").get<std::uint32_t>();
    impl->res.num_clusterings = cfg.at("num_clusterings").get<int>();
    impl->res.gaz_types = cfg.at("gazetteer_types").get<std::vector<std::string>>();
    impl->res.gpe_mask = cfg.at("gpe_mask").get<std::uint32_t>();
    impl->res.gaz_max_len = cfg.at("gazetteer_max_len").get<int>();
    if (version >= 3) impl->res.vec_rows = cfg.at("vector_rows").get<std::uint32_t>();
    if (cfg.contains("unicode_shapes")) impl->res.unicode_shapes = cfg.at("unicode_shapes").get<bool>();
    impl->scale = cfg.at("scale").get<float>();
    if (cfg.contains("score_calibration")) {
      impl->calib_a = cfg.at("score_calibration").at("a").get<float>();
      impl->calib_b = cfg.at("score_calibration").at("b").get<float>();
    }
  } catch (const internal::JsonTooDeep& e) {
    throw ModelError(std::string("NER model config is malformed: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw ModelError(std::string("NER model config is malformed: ") + e.what());
  }
  if (impl->res.num_clusterings < 0 || impl->res.num_clusterings > 4)
    throw ModelError("NER model is corrupted: bad number of clusterings");
  impl->info = cfg;
  impl->row_key = r.array<std::uint64_t>("feature keys");
  impl->row_off = r.array<std::uint32_t>("row offsets");
  impl->ent_label = r.array<std::uint8_t>("weight labels");
  impl->ent_w = r.array<std::int16_t>("weights");
  impl->trans = r.array<float>("transitions");
  {
    auto ck = r.array<std::uint64_t>("cluster keys");
    std::vector<std::array<std::int16_t, 4>> cv;
    if (version == 1) {  // int32 ids: narrowed (ids are < 32768 in every version-1 model)
      for (const auto& a : r.array<std::array<std::int32_t, 4>>("cluster ids")) {
        std::array<std::int16_t, 4> b{};
        for (std::size_t k = 0; k < 4; ++k) {
          if (a[k] < -1 || a[k] > 32767) throw ModelError("NER model is corrupted: cluster id out of range");
          b[k] = static_cast<std::int16_t>(a[k]);
        }
        cv.push_back(b);
      }
    } else {
      cv = r.array<std::array<std::int16_t, 4>>("cluster ids");
      for (const auto& a : cv)
        for (auto x : a)
          if (x < -1) throw ModelError("NER model is corrupted: cluster id out of range");
    }
    auto gk = r.array<std::uint64_t>("gazetteer keys");
    auto gv = r.array<std::uint32_t>("gazetteer bits");
    if (!impl->res.cluster_index.adopt(std::move(ck), std::move(cv)) ||
        !impl->res.gaz_index.adopt(std::move(gk), std::move(gv)))
      throw ModelError("NER model is corrupted: bad resource table");
    if (version >= 3) {  // the word-vector rows
      auto vk = r.array<std::uint64_t>("vector keys");
      auto vr = r.array<std::uint16_t>("vector rows");
      const std::uint32_t rows = impl->res.vec_rows;
      if (rows > ner::Resources::kMaxVecRows) throw ModelError("NER model is corrupted: bad number of vector rows");
      for (std::size_t k = 0; k < vk.size() && k < vr.size(); ++k)
        if (vk[k] != 0 && vr[k] >= rows) throw ModelError("NER model is corrupted: vector row out of range");
      if (!impl->res.vec_index.adopt(std::move(vk), std::move(vr)) || (rows == 0) != impl->res.vec_index.empty())
        throw ModelError("NER model is corrupted: bad vector table");
    }
  }
  if (!r.done()) throw ModelError("NER model is corrupted: trailing bytes after the last section");
  impl->finish_init();
  // Self-test samples recorded at save time.
  if (cfg.contains("self_test")) {
    ner::Workspace ws;
    try {
      for (const auto& t : cfg.at("self_test")) {
        auto words = t.at("words").get<std::vector<std::string>>();
        auto want = t.at("tags").get<std::vector<std::string>>();
        std::vector<std::string_view> wv(words.begin(), words.end());
        std::vector<int> ids;
        impl->tag(wv, {{0, static_cast<std::uint32_t>(wv.size())}}, ws, ids);
        if (ner::to_iob2(ids, impl->labels) != want) throw ModelError("NER model failed its self-test at load");
      }
    } catch (const nlohmann::json::exception& e) {
      throw ModelError(std::string("NER model self-test samples are malformed: ") + e.what());
    }
  }
  return impl;
}

// ---------------------------------------------------------------- public API

EntityRecognizer::EntityRecognizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityRecognizer::~EntityRecognizer() = default;

std::shared_ptr<const EntityRecognizer> EntityRecognizer::load_from_buffer(std::string_view bytes) {
  return std::make_shared<const EntityRecognizer>(Impl::deserialize(bytes.data(), bytes.size()));
}

std::shared_ptr<const EntityRecognizer> EntityRecognizer::load(const std::string& path) {
  internal::RegularFile f(path, internal::kMaxModelFileBytes, "NER model");
  const std::uint64_t size = f.size();
  try {
    // The header first: a file that is no model (or claims another size) is refused
    // before its payload is read or any memory is allocated for it.
    char header[Impl::kHeaderBytes] = {};
    const auto head = static_cast<std::size_t>(std::min<std::uint64_t>(size, Impl::kHeaderBytes));
    f.read(header, head);
    Impl::check_header(header, size);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::memcpy(&bytes[0], header, Impl::kHeaderBytes);
    f.read(&bytes[Impl::kHeaderBytes], static_cast<std::size_t>(size - Impl::kHeaderBytes));
    return std::make_shared<const EntityRecognizer>(Impl::deserialize(bytes.data(), bytes.size()));
  } catch (const ModelError& e) {
    throw ModelError(path + ": " + e.what());
  }
}

std::string EntityRecognizer::serialize() const { return impl_->serialize(); }

void EntityRecognizer::save(const std::string& path) const {
  std::string bytes = serialize();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw ModelError("cannot write NER model '" + path + "'");
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw ModelError("error writing NER model '" + path + "'");
}

namespace {
/// The words of tokens [first, last) of `doc` (all by default).
void doc_words(const Doc& doc, std::vector<std::string_view>& words, std::size_t first = 0,
               std::size_t last = static_cast<std::size_t>(-1)) {
  last = std::min(last, doc.size());
  words.clear();
  words.reserve(last - first);
  const auto& b = doc.token_begin();
  const auto& e = doc.token_end();
  std::string_view text = doc.text();
  for (std::size_t i = first; i < last; ++i) words.push_back(text.substr(b[i], e[i] - b[i]));
}
}  // namespace

std::vector<std::string> EntityRecognizer::predict_tags(const Doc& doc) const {
  const auto lease = impl_->workspaces.take();
  ner::Workspace& ws = *lease;
  doc_words(doc, ws.words);
  std::vector<int> ids;
  std::vector<float> margins;
  impl_->tag(ws.words, doc.sentences(), ws, ids, &margins);
  impl_->harmonise_types(ws.words, ids, margins);
  return ner::to_iob2(ids, impl_->labels);
}

namespace {

/// Tokens of a document beyond which it is tagged a run of decode pieces at a time.
constexpr std::size_t kRunTokens = std::size_t{1} << 16;

/// Adds the entities of label ids `ids` (with margins) of the tokens `words`, which start
/// at token `offset` of `doc`.
void add_spans(const EntityRecognizer& rec, const std::vector<std::string>& labels, Doc& doc, std::size_t offset,
               const std::vector<int>& ids, const std::vector<float>& margins,
               const std::vector<std::string_view>& words, const std::function<float(float)>& confidence) {
  // BILOU ids -> spans directly.
  std::size_t i = 0;
  const std::size_t n = ids.size();
  while (i < n) {
    const std::string& l = labels[static_cast<std::size_t>(ids[i])];
    if (l[0] != 'B' && l[0] != 'U') {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (l[0] == 'B') {
      auto prefix = [&](std::size_t k) { return labels[static_cast<std::size_t>(ids[k])][0]; };
      while (j < n && prefix(j) == 'I') ++j;
      if (j < n && prefix(j) == 'L') ++j;
    }
    std::string_view type = std::string_view(l).substr(2);
    const std::size_t next = j;
    // An emoji is never part of a name ("😀 Modi" -> "Modi").
    const auto& kinds = doc.token_kind();
    auto emoji = [&](std::size_t k) {
      return offset + k < kinds.size() && kinds[offset + k] == static_cast<std::uint8_t>(TokenKind::kEmoji);
    };
    while (i < j && emoji(i)) ++i;
    while (j > i && emoji(j - 1)) --j;
    if (i == j) {
      i = next;
      continue;
    }
    std::string span_text;
    for (std::size_t k = i; k < j; ++k) {
      if (k > i) span_text += ' ';
      span_text += words[k];
    }
    // A name has a letter or digit: punctuation alone ("&") is never an entity.
    const bool alnum = std::any_of(span_text.begin(), span_text.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    });
    if (!alnum) {
      i = next;
      continue;
    }
    Entity e;
    e.tok_begin = static_cast<std::uint32_t>(offset + i);
    e.tok_end = static_cast<std::uint32_t>(offset + j);
    e.label = rec.schema_label(type, span_text);
    e.source = EntitySource::kModel;
    float m = margins[i];
    for (std::size_t k = i + 1; k < j; ++k) m = std::min(m, margins[k]);
    e.score = confidence(m);
    doc.add_entity(e);
    i = next;
  }
}

}  // namespace

void EntityRecognizer::annotate(Doc& doc) const {
  const auto lease = impl_->workspaces.take();
  ner::Workspace& ws = *lease;
  const Impl& im = *impl_;
  std::vector<int> ids;
  std::vector<float> margins;
  const std::function<float(float)> confidence = [&im](float m) { return im.span_confidence(m); };
  const std::size_t n = doc.size();
  // Sentences that leave tokens out (possible for a Doc built by hand) take the
  // whole-document path, whose statistics count every token.
  const auto& sents = doc.sentences();
  bool tiled = !sents.empty() && sents.front().begin == 0 && sents.back().end == n;
  for (std::size_t k = 1; tiled && k < sents.size(); ++k) tiled = sents[k].begin == sents[k - 1].end;
  if (n <= kRunTokens || !tiled) {
    doc_words(doc, ws.words);
    im.tag(ws.words, doc.sentences(), ws, ids, &margins);
    im.harmonise_types(ws.words, ids, margins);
    add_spans(*this, im.labels, doc, 0, ids, margins, ws.words, confidence);
    return;
  }
  // A long document, a run of decode pieces at a time, so that the working memory is
  // that of one run, whatever the length: a first pass collects the document
  // statistics, the second decodes with the document memory carried from run to run.
  // The spans are those of the whole-document path (no entity crosses a piece); their
  // types are harmonised a run at a time (harmonise_types), not over the whole document.
  const std::vector<TokenRange> pieces = ner::decode_pieces(doc.sentences(), n);
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // piece index ranges
  for (std::size_t p = 0; p < pieces.size();) {
    std::size_t q = p + 1;
    while (q < pieces.size() && pieces[q].end - pieces[p].begin <= kRunTokens) ++q;
    runs.emplace_back(p, q);
    p = q;
  }
  const bool doc_group = !(im.disabled & ner::kGroupDoc);
  std::vector<TokenRange> run_pieces;
  auto fill = [&](const std::pair<std::size_t, std::size_t>& r) {
    run_pieces.assign(pieces.begin() + static_cast<std::ptrdiff_t>(r.first),
                      pieces.begin() + static_cast<std::ptrdiff_t>(r.second));
    const std::uint32_t first = run_pieces.front().begin;
    doc_words(doc, ws.words, first, run_pieces.back().end);
    ner::fill_tokens(ws.words, run_pieces, first, im.res, im.disabled, ws.df, /*clusters=*/!im.lazy_clusters());
    return first;
  };
  ws.df.stats.clear();
  if (doc_group)
    for (const auto& r : runs) {
      fill(r);
      ner::collect_doc_stats(ws.df, im.disabled, ws.df.stats);
    }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const std::uint32_t first = fill(runs[k]);
    if (doc_group) ner::apply_doc_stats(ws.df, ws.df.stats);
    im.tag_prepared(ws, ids, &margins, /*fresh_memory=*/k == 0);
    im.harmonise_types(ws.words, ids, margins);
    add_spans(*this, im.labels, doc, first, ids, margins, ws.words, confidence);
  }
  ws.df.stats.clear();
}

std::vector<std::string> EntityRecognizer::entity_types() const { return impl_->types; }

std::string to_conll_type(std::string_view label) {
  if (label == "PERSON" || label == "PER") return "PER";
  if (label == "ORG") return "ORG";
  if (label == "GPE" || label == "LOC" || label == "FAC") return "LOC";
  return "MISC";
}

std::vector<std::string> EntityRecognizer::labels() const {
  std::set<std::string> out;
  for (const auto& type : entity_types()) {
    if (type == "LOC") out.insert("GPE");  // gazetteer places of a CoNLL LOC span
    out.insert(schema_label(type, ""));
  }
  return {out.begin(), out.end()};
}

std::string EntityRecognizer::schema_label(std::string_view type, std::string_view span_text) const {
  // Models with OntoNotes types predict the schema labels themselves; CoNLL-2003 models
  // (PER, ORG, LOC, MISC) are mapped, LOC through the gazetteer.
  if (!impl_->conll_typed()) return std::string(type);
  if (type == "PER") return "PERSON";
  if (type == "LOC") {
    std::uint32_t bits = impl_->res.gaz_lookup(span_text);
    return (bits & impl_->res.gpe_mask) ? "GPE" : "LOC";
  }
  return std::string(type);
}

std::string EntityRecognizer::info_json() const {
  nlohmann::json j = impl_->info;
  j.erase("self_test");
  j["features"] = impl_->row_key.size();
  j["weights"] = impl_->ent_w.size();
  j["cluster_words"] = impl_->res.cluster_index.size();
  j["gazetteer_keys"] = impl_->res.gaz_index.size();
  return j.dump();
}

namespace {

bool has_upper(std::string_view t) {
  return std::any_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool has_lower(std::string_view t) {
  return std::any_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::vector<std::string> conll_token_tags(const EntityRecognizer& model, const ConllDoc& d, ner::Workspace& ws,
                                          std::vector<int>& ids, std::vector<float>& margins, double& secs) {
  // 1. The words as byline's tokenizer reads them: a CoNLL token with a hyphen may be
  //    several ("Bergamo-based" -> Bergamo, -, based; "Chester-le-Street" -> Chester, -, le-Street).
  static const Tokenizer tokenizer;
  const std::size_t n = d.words.size();
  std::vector<std::string> sub;
  std::vector<std::uint32_t> first(n + 1), word_of;
  for (std::size_t i = 0; i < n; ++i) {
    first[i] = static_cast<std::uint32_t>(sub.size());
    const std::string& w = d.words[i];
    bool split = false;
    if (w.find('-') != std::string::npos) {
      const Doc wd = tokenizer.tokenize(std::string_view(w));
      std::string joined;
      for (std::size_t k = 0; k < wd.size(); ++k) joined += internal::rules::tok_text(wd, k);
      split = wd.size() > 1 && joined == w;
      if (split)
        for (std::size_t k = 0; k < wd.size(); ++k) sub.emplace_back(internal::rules::tok_text(wd, k));
    }
    if (!split) sub.push_back(w);
    word_of.resize(sub.size(), static_cast<std::uint32_t>(i));
  }
  first[n] = static_cast<std::uint32_t>(sub.size());
  std::vector<TokenRange> sents;
  for (const auto& s : d.sentences) sents.push_back({first[s.begin], first[s.end]});
  ws.words.assign(sub.begin(), sub.end());
  const auto t0 = std::chrono::steady_clock::now();
  model.impl().tag(ws.words, sents, ws, ids, &margins);
  model.impl().harmonise_types(ws.words, ids, margins);
  secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto same_word = [&](std::size_t a, std::size_t b) { return word_of[a] == word_of[b]; };
  // 2. Each span back on CoNLL's tokens.
  std::vector<TagSpan> out;
  for (auto sp : tags_to_spans(ner::to_iob2(ids, model.impl().labels))) {
    // The ruler's hyphenated-name rule (entities.md): a name that stops at a hyphen inside
    // a word takes the rest when it is a name's ("Kim Jong" + "-un", "Chester" + "-le-Street").
    const std::size_t e = sp.end;
    if (e + 1 < sub.size() && sub[e] == "-" && same_word(e, e - 1) && same_word(e + 1, e) &&
        !(e + 2 < sub.size() && sub[e + 2] == "-" && same_word(e + 2, e)) &&
        internal::rules::name_tail(sub[e + 1], sp.type == "PERSON" && sp.end >= sp.begin + 2))
      sp.end += 2;
    const std::uint32_t tb = word_of[sp.begin], te = word_of[sp.end - 1] + 1;
    // CoNLL-2003 tags a compound of a name and a lower-case word as one MISC token
    // ("Bergamo-based", "ex-England", "New York-based"): a span whose CoNLL tokens hold
    // more than the span, all of it lower case, is that compound.
    // Not a person's name ("Banharn Silpa-archa") nor a name with a particle ("al-Ram"); a
    // prefix counts in any case ("Ex-England", "Pro-Moscow").
    bool rest = false, rest_lower = sp.type != "PERSON";
    for (std::uint32_t k = first[tb]; k < first[te]; ++k) {
      if (k >= sp.begin && k < sp.end) continue;
      if (sub[k] == "-") continue;
      rest = true;
      const std::string low = ner::ascii_lower(sub[k]);
      const bool prefix = k < sp.begin && (low == "ex" || low == "pro" || low == "anti" || low == "non" ||
                                           low == "pre" || low == "post" || low == "neo" || low == "mid");
      rest_lower = rest_lower &&
                   (prefix || (has_lower(sub[k]) && !has_upper(sub[k]) && !internal::rules::name_particle(sub[k])));
    }
    std::string type = to_conll_type(sp.type);
    if (rest && rest_lower) type = "MISC";
    // Two names in one CoNLL token ("Russia-China", "UWP-Hachette", "Urus-Martan") are
    // one span, of the first one's type unless either is MISC ("Israeli-Syrian").
    if (!out.empty() && tb < out.back().end) {
      out.back().end = std::max(out.back().end, te);
      if (type == "MISC") out.back().type = "MISC";
      continue;
    }
    out.push_back({tb, te, type});
  }
  std::vector<std::string> tags(n, "O");
  for (const auto& sp : out) {
    tags[sp.begin] = "B-" + sp.type;
    for (auto k = sp.begin + 1; k < sp.end; ++k) tags[k] = "I-" + sp.type;
  }
  return tags;
}

/// The tags scored for one document; `secs` adds the time of the model's tagging (the
/// tokenizer's reading of CoNLL's tokens and the projection back are not counted).
std::vector<std::string> doc_tags(const EntityRecognizer& model, const ConllDoc& d, bool map_conll, ner::Workspace& ws,
                                  std::vector<int>& ids, std::vector<float>& margins, double& secs) {
  if (map_conll) return conll_token_tags(model, d, ws, ids, margins, secs);
  ws.words.assign(d.words.begin(), d.words.end());
  const auto t0 = std::chrono::steady_clock::now();
  model.impl().tag(ws.words, d.sentences, ws, ids, &margins);
  model.impl().harmonise_types(ws.words, ids, margins);
  secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ner::to_iob2(ids, model.impl().labels);
}

}  // namespace

std::vector<std::vector<std::string>> evaluation_tags(const EntityRecognizer& model,
                                                      const std::vector<ConllDoc>& data) {
  ner::Workspace ws;
  std::vector<int> ids;
  std::vector<float> margins;
  const bool map_conll = model.impl().scores_through_conll(data);
  std::vector<std::vector<std::string>> out;
  out.reserve(data.size());
  double secs = 0;
  for (const auto& d : data) out.push_back(doc_tags(model, d, map_conll, ws, ids, margins, secs));
  return out;
}

NerEvaluation evaluate(const EntityRecognizer& model, const std::vector<ConllDoc>& data) {
  std::vector<std::vector<std::string>> gold, pred, open;
  gold.reserve(data.size());
  pred.reserve(data.size());
  ner::Workspace ws;
  std::vector<int> ids;
  std::vector<float> margins;
  double secs = 0;
  const bool map_conll = model.impl().scores_through_conll(data);
  for (const auto& d : data) {
    const std::vector<std::string> tags = doc_tags(model, d, map_conll, ws, ids, margins, secs);
    // Score sentence by sentence, as conlleval does (a blank line ends every chunk).
    std::vector<TokenRange> sents = d.sentences;
    if (sents.empty() && !d.words.empty()) sents.push_back({0, static_cast<std::uint32_t>(d.words.size())});
    for (const auto& s : sents) {
      gold.emplace_back(d.tags.begin() + s.begin, d.tags.begin() + s.end);
      pred.emplace_back(tags.begin() + s.begin, tags.begin() + s.end);
      open.push_back(d.open_types);
    }
  }
  // Partially annotated gold (alternatives "A|B" or documents with open types) is scored
  // with score_partial(); plain gold as conlleval does.
  bool partial = false;
  for (const auto& d : data) {
    partial = partial || !d.open_types.empty();
    for (const auto& t : d.tags) partial = partial || t.find('|') != std::string::npos;
  }
  NerEvaluation ev = partial ? score_partial(gold, pred, open) : score_tags(gold, pred);
  ev.documents = data.size();
  ev.seconds = secs;
  ev.tokens_per_second = secs > 0 ? static_cast<double>(ev.tokens) / secs : 0;
  return ev;
}

}  // namespace byline
