// Averaged structured perceptron trainer for the NER tagger.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "byline/errors.h"
#include "internal/log.h"
#include "internal/thread_pool.h"
#include "ner/model.h"

namespace byline {
namespace {

using ner::DocFeatures;

// The source-private copy of feature `key` (source adaptation); source 0 = none.
inline std::uint64_t source_copy(std::uint64_t key, std::uint64_t source) { return ner::feat2(777, key, source); }

using ner::split_alternatives;

struct TrainDoc {
  DocFeatures df;
  std::vector<int> gold;  // BILOU ids per token (unambiguous tokens)
  // Partial annotation: per token the set of allowed label ids (bit l = label l), and per
  // sentence whether any token allows more than one label. Empty when fully annotated.
  std::vector<std::uint64_t> mask;
  std::vector<std::uint8_t> sent_ambiguous;
  std::uint64_t source = 0;             // hash of ConllDoc::source when adapting, else 0
  std::vector<std::uint32_t> feat_off;  // per token + 1, into feats
  std::vector<std::uint32_t> feats;     // static feature rows (kept ones)
  std::vector<std::uint8_t> spelling;   // per entry of feats: 1 = a spelling feature of a capitalised token
};

class Perceptron {
 public:
  explicit Perceptron(int L) : L_(static_cast<std::size_t>(L)) {}

  std::int64_t row(std::uint64_t key) const {
    auto it = index_.find(key);
    return it == index_.end() ? std::int64_t{-1} : static_cast<std::int64_t>(it->second);
  }
  std::uint32_t row_or_add(std::uint64_t key, bool copy = false) {
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    auto r = static_cast<std::uint32_t>(keys_.size());
    index_.emplace(key, r);
    keys_.push_back(key);
    is_copy_.push_back(copy);
    w_.resize(w_.size() + L_, 0.0f);
    u_.resize(u_.size() + L_, 0.0);
    return r;
  }
  void add_row(std::uint32_t r, float* out) const {
    const float* w = &w_[r * L_];
    for (std::size_t l = 0; l < L_; ++l) out[l] += w[l];
  }
  void update(std::uint32_t r, int label, float d) {
    w_[r * L_ + static_cast<std::size_t>(label)] += d;
    u_[r * L_ + static_cast<std::size_t>(label)] += static_cast<double>(c_) * d;
  }
  void tick() { ++c_; }
  float averaged(std::size_t r, std::size_t l) const {
    return static_cast<float>(w_[r * L_ + l] - u_[r * L_ + l] / static_cast<double>(c_));
  }
  std::size_t rows() const { return keys_.size(); }
  std::uint64_t key(std::size_t r) const { return keys_[r]; }
  bool is_copy(std::size_t r) const { return is_copy_[r]; }
  std::size_t L() const { return L_; }

 private:
  std::size_t L_;
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  std::vector<std::uint64_t> keys_;
  std::vector<bool> is_copy_;  // source-private copy of a feature (source adaptation)
  std::vector<float> w_;
  std::vector<double> u_;
  std::uint64_t c_ = 1;
};

// Sum of members' averaged weights (union of their feature keys), each scaled by `inv`.
struct Merged {
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<std::uint64_t> keys;
  std::vector<float> w;
};

void merge_member(const Perceptron& p, float inv, std::uint64_t target_source, std::size_t L, Merged& m) {
  m.index.reserve(p.rows());
  for (std::size_t r = 0; r < p.rows(); ++r) {
    if (p.is_copy(r)) continue;
    auto [it, added] = m.index.emplace(p.key(r), static_cast<std::uint32_t>(m.keys.size()));
    if (added) {
      m.keys.push_back(p.key(r));
      m.w.resize(m.w.size() + L, 0.0f);
    }
    float* row = &m.w[it->second * L];
    for (std::size_t l = 0; l < L; ++l) row[l] += inv * p.averaged(r, l);
    // Shared weights + the target source's private copy = the weights for that source.
    if (target_source != 0) {
      const std::int64_t c = p.row(source_copy(p.key(r), target_source));
      if (c >= 0)
        for (std::size_t l = 0; l < L; ++l) row[l] += inv * p.averaged(static_cast<std::size_t>(c), l);
    }
  }
}

std::unique_ptr<EntityRecognizer::Impl> build_model(const Merged& merged, const std::vector<std::string>& types,
                                                    const std::vector<std::string>& labels, std::uint32_t disabled,
                                                    const ner::Resources& res, float prune, int min_weight);

// Averaged weights (mean over ensemble members) -> quantised, pruned inference model.
std::unique_ptr<EntityRecognizer::Impl> finalize(const std::vector<const Perceptron*>& members,
                                                 const std::vector<std::string>& types,
                                                 const std::vector<std::string>& labels, std::uint32_t disabled,
                                                 const ner::Resources& res, float prune, int min_weight,
                                                 std::uint64_t target_source) {
  Merged m;
  const float inv = 1.0f / static_cast<float>(members.size());
  for (const Perceptron* p : members) merge_member(*p, inv, target_source, labels.size(), m);
  return build_model(m, types, labels, disabled, res, prune, min_weight);
}

std::unique_ptr<EntityRecognizer::Impl> build_model(const Merged& merged, const std::vector<std::string>& types,
                                                    const std::vector<std::string>& labels, std::uint32_t disabled,
                                                    const ner::Resources& res, float prune, int min_weight) {
  auto impl = std::make_unique<EntityRecognizer::Impl>();
  impl->types = types;
  impl->labels = labels;
  impl->disabled = disabled;
  impl->res = res;
  const std::size_t L = labels.size();
  const auto& index = merged.index;
  const auto& keys = merged.keys;
  const auto& w = merged.w;
  std::vector<std::uint64_t> trans_keys;
  for (std::size_t prev = 0; prev <= L; ++prev)
    trans_keys.push_back(ner::transition_feature(prev == L ? -1 : static_cast<int>(prev)));
  float maxw = 1e-6f;
  for (float v : w) maxw = std::max(maxw, std::fabs(v));
  impl->scale = maxw / 32767.0f;
  impl->trans.assign((L + 1) * L, 0.0f);
  for (std::size_t prev = 0; prev <= L; ++prev) {
    auto it = index.find(trans_keys[prev]);
    if (it == index.end()) continue;
    for (std::size_t l = 0; l < L; ++l) impl->trans[prev * L + l] = w[it->second * L + l];
  }
  std::set<std::uint64_t> tkeys(trans_keys.begin(), trans_keys.end());
  // Rows in key order: the file does not depend on hash-map iteration order.
  std::vector<std::size_t> order(keys.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  impl->row_off.push_back(0);
  for (std::size_t r : order) {
    if (tkeys.count(keys[r])) continue;
    std::size_t before = impl->ent_w.size();
    for (std::size_t l = 0; l < L; ++l) {
      float a = w[r * L + l];
      if (std::fabs(a) <= prune) continue;
      long q = std::lround(a / impl->scale);
      if (q == 0 || std::labs(q) <= min_weight) continue;
      impl->ent_label.push_back(static_cast<std::uint8_t>(l));
      impl->ent_w.push_back(static_cast<std::int16_t>(q));
    }
    if (impl->ent_w.size() == before) continue;
    impl->row_key.push_back(keys[r]);
    impl->row_off.push_back(static_cast<std::uint32_t>(impl->ent_w.size()));
  }
  impl->finish_init();
  return impl;
}

// One perceptron and its training state (ensemble members train independently).
struct Member {
  Perceptron p;
  std::mt19937_64 rng;
  std::vector<std::size_t> order;
  ner::Workspace ws;
  std::vector<float> trans;
  ner::Transitions decoder;  // trans masked for decoding, per sentence
  std::vector<std::uint64_t> memf;
  std::vector<std::vector<std::uint32_t>> mem_rows;
  std::vector<int> pred;
  std::vector<int> latent;
  std::vector<int> plain;  // with a margin: the labelling without it
  std::vector<float> constrained;
  float word_dropout;                 // NerTrainOptions::word_dropout
  float margin;                       // NerTrainOptions::margin
  std::mt19937_64 drop_rng;           // its draws (apart from `rng`, so that the document order does not change)
  std::vector<std::uint8_t> dropped;  // per token of the sentence: trained without its spelling features

  Member(const Perceptron& init, std::uint64_t seed, std::size_t ndocs, float word_dropout, float margin)
      : p(init), rng(seed), order(ndocs), word_dropout(word_dropout), margin(margin), drop_rng(seed ^ 0x5DEECE66DULL) {
    for (std::size_t k = 0; k < ndocs; ++k) order[k] = k;
  }

  // One pass over the documents; returns the number of mis-tagged tokens.
  std::size_t epoch(std::vector<TrainDoc>& docs, const std::vector<std::uint32_t>& trans_rows,
                    const std::vector<std::string>& labels, const std::vector<std::uint8_t>& allowed,
                    const std::vector<std::uint8_t>& end_ok, std::uint32_t disabled) {
    const int L = static_cast<int>(labels.size());
    trans.assign(static_cast<std::size_t>((L + 1) * L), 0.0f);
    // Fisher-Yates with the standard-specified mt19937_64: same order on every platform.
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng() % k]);
    std::size_t errors = 0;
    for (std::size_t k : order) {
      TrainDoc& td = docs[k];
      ws.mem.clear();
      std::uint32_t tok_index = 0;  // index into feat_off (tokens in sentence order)
      for (const auto& s : td.df.sentences) {
        const std::size_t n = s.end - s.begin;
        if (n == 0) continue;
        for (int prev = 0; prev <= L; ++prev) {
          std::fill(&trans[static_cast<std::size_t>(prev * L)], &trans[static_cast<std::size_t>(prev * L)] + L, 0.0f);
          p.add_row(trans_rows[static_cast<std::size_t>(prev)], &trans[static_cast<std::size_t>(prev * L)]);
        }
        decoder.set(trans.data(), allowed, end_ok, L);
        ws.emis.assign(n * static_cast<std::size_t>(L), 0.0f);
        mem_rows.assign(n, {});
        // Word dropout: a 53-bit uniform draw per token (portable, unlike std::uniform_real_distribution).
        dropped.assign(n, 0);
        if (!td.spelling.empty())
          for (std::size_t i = 0; i < n; ++i)
            dropped[i] = static_cast<double>(drop_rng() >> 11) * 0x1.0p-53 < static_cast<double>(word_dropout);
        auto skip = [&](std::size_t i, std::uint32_t f) { return dropped[i] && td.spelling[f]; };
        for (std::size_t i = 0; i < n; ++i) {
          float* e = &ws.emis[i * static_cast<std::size_t>(L)];
          std::uint32_t ti = tok_index + static_cast<std::uint32_t>(i);
          for (std::uint32_t f = td.feat_off[ti]; f < td.feat_off[ti + 1]; ++f)
            if (!skip(i, f)) p.add_row(td.feats[f], e);
          memf.clear();
          ner::memory_features(td.df.toks[s.begin + i], ws.mem, labels, disabled, memf);
          for (auto key : memf) {
            std::uint32_t r = p.row_or_add(key);
            mem_rows[i].push_back(r);
            p.add_row(r, e);
            if (td.source) {
              r = p.row_or_add(source_copy(key, td.source), true);
              mem_rows[i].push_back(r);
              p.add_row(r, e);
            }
          }
        }
        const int* gold = &td.gold[s.begin];
        const std::size_t sent_no = static_cast<std::size_t>(&s - td.df.sentences.data());
        if (!td.sent_ambiguous.empty() && td.sent_ambiguous[sent_no]) {
          // The gold labelling is the best one under the current weights that agrees with
          // the partial annotation (latent structured perceptron).
          constrained.assign(ws.emis.begin(), ws.emis.end());
          for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t m = td.mask[s.begin + i];
            for (int l = 0; l < L; ++l)
              if (!((m >> l) & 1u)) constrained[i * static_cast<std::size_t>(L) + static_cast<std::size_t>(l)] = -1e30f;
          }
          ner::viterbi(constrained.data(), n, decoder, ws.delta, latent);
          bool ok = true;
          for (std::size_t i = 0; i < n && ok; ++i) ok = (td.mask[s.begin + i] >> latent[i]) & 1u;
          if (!ok) {  // no labelling satisfies the constraints: learn nothing from this sentence
            ner::viterbi(ws.emis.data(), n, decoder, ws.delta, pred);
            p.tick();
            ner::memory_update(td.df, s.begin, s.end, pred, labels, ws.mem);
            tok_index += static_cast<std::uint32_t>(n);
            continue;
          }
          gold = latent.data();
        }
        // Margin (loss-augmented decoding): every label but the gold one scores `margin` more,
        // so that the update also fires when the gold labelling wins by less than that. The
        // memory features and the error count follow the model's own labelling, as at run time.
        const std::vector<int>* own = &pred;
        if (margin > 0.0f) {
          ner::viterbi(ws.emis.data(), n, decoder, ws.delta, plain);
          own = &plain;
          for (std::size_t i = 0; i < n; ++i)
            for (int l = 0; l < L; ++l)
              if (l != gold[i]) ws.emis[i * static_cast<std::size_t>(L) + static_cast<std::size_t>(l)] += margin;
        }
        ner::viterbi(ws.emis.data(), n, decoder, ws.delta, pred);
        p.tick();
        for (std::size_t i = 0; i < n; ++i) {
          int g = gold[i], y = pred[i];
          int gp = i ? gold[i - 1] : L, yp = i ? pred[i - 1] : L;
          errors += (*own)[i] != g;
          if (g != y) {
            std::uint32_t ti = tok_index + static_cast<std::uint32_t>(i);
            for (std::uint32_t f = td.feat_off[ti]; f < td.feat_off[ti + 1]; ++f) {
              if (skip(i, f)) continue;
              p.update(td.feats[f], g, 1.0f);
              p.update(td.feats[f], y, -1.0f);
            }
            for (auto r : mem_rows[i]) {
              p.update(r, g, 1.0f);
              p.update(r, y, -1.0f);
            }
          }
          if (g != y || gp != yp) {
            p.update(trans_rows[static_cast<std::size_t>(gp)], g, 1.0f);
            p.update(trans_rows[static_cast<std::size_t>(yp)], y, -1.0f);
          }
        }
        // Memory follows the model's own predictions, as at inference time.
        ner::memory_update(td.df, s.begin, s.end, *own, labels, ws.mem);
        tok_index += static_cast<std::uint32_t>(n);
      }
    }
    return errors;
  }
};

// Fits the span confidence sigmoid(a * log(1 + margin) + b) (EntityRecognizer::Impl::span_confidence)
// to whether each predicted span of `dev` is right (exact extent and type; CoNLL-typed gold
// through to_conll_type; "A|B" gold alternatives accept either), by Newton's method on the
// log-loss with a small ridge on both; fewer than 200 spans, or fewer than 20 right or 20
// wrong ones, leave the model uncalibrated. Returns {"a", "b", "spans", "right", "log_loss"}.
nlohmann::json calibrate(EntityRecognizer::Impl& impl, const std::vector<ConllDoc>& dev) {
  const bool map_conll = impl.scores_through_conll(dev);
  std::vector<double> xs, ys;
  ner::Workspace ws;
  std::vector<int> ids;
  std::vector<float> margins;
  for (const auto& d : dev) {
    ws.words.assign(d.words.begin(), d.words.end());
    impl.tag(ws.words, d.sentences, ws, ids, &margins);
    const auto pred_tags = ner::to_iob2(ids, impl.labels);
    for (const auto& s : d.sentences) {
      std::vector<std::string> g(d.tags.begin() + s.begin, d.tags.begin() + s.end);
      std::vector<std::string> p(pred_tags.begin() + s.begin, pred_tags.begin() + s.end);
      const auto gold = tags_to_spans(g);
      for (const auto& sp : tags_to_spans(p)) {
        float m = margins[s.begin + sp.begin];
        for (auto k = sp.begin + 1; k < sp.end; ++k) m = std::min(m, margins[s.begin + k]);
        const std::string type = map_conll ? to_conll_type(sp.type) : sp.type;
        bool ok = false;
        for (const auto& gs : gold) {
          if (gs.begin != sp.begin || gs.end != sp.end) continue;
          for (const auto& alt : split_alternatives(gs.type)) ok = ok || alt == type;
        }
        xs.push_back(std::log1p(std::min(static_cast<double>(m), 1e6)));
        ys.push_back(ok ? 1.0 : 0.0);
      }
    }
  }
  // Too little dev data, or dev data the model gets all right or all wrong, says nothing
  // about confidence: the model stays uncalibrated (score 1).
  std::size_t right = 0;
  for (double y : ys) right += y > 0.5;
  if (xs.size() < 200 || right < 20 || xs.size() - right < 20) {
    impl.calib_a = impl.calib_b = 0.0f;
    return {{"a", 0.0},
            {"b", 0.0},
            {"spans", xs.size()},
            {"right", right},
            {"note", "too few dev spans, or too few right or wrong ones: uncalibrated, score 1"}};
  }
  double a = 0.1, b = 0.0;
  const double ridge = 1e-3;
  auto loss_at = [&](double ca, double cb) {
    double l = 0.5 * ridge * (ca * ca + cb * cb);
    for (std::size_t k = 0; k < xs.size(); ++k) {
      const double z = ca * xs[k] + cb;
      // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably
      const double t = ys[k] > 0.5 ? -z : z;
      l += t > 30 ? t : std::log1p(std::exp(t));
    }
    return l;
  };
  for (int it = 0; it < 100 && !xs.empty(); ++it) {
    double ga = ridge * a, gb = ridge * b, haa = ridge, hab = 0, hbb = ridge;
    for (std::size_t k = 0; k < xs.size(); ++k) {
      const double p = 1.0 / (1.0 + std::exp(-(a * xs[k] + b)));
      const double r = p - ys[k], w = p * (1 - p);
      ga += r * xs[k];
      gb += r;
      haa += w * xs[k] * xs[k];
      hab += w * xs[k];
      hbb += w;
    }
    const double det = haa * hbb - hab * hab;
    if (std::fabs(det) < 1e-12) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    // Damped Newton: halve the step until the loss does not grow.
    const double before = loss_at(a, b);
    for (int h = 0; h < 30 && loss_at(a - da, b - db) > before; ++h) {
      da *= 0.5;
      db *= 0.5;
    }
    a -= da;
    b -= db;
    if (std::fabs(da) < 1e-9 && std::fabs(db) < 1e-9) break;
  }
  double loss = 0;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const double p = std::clamp(1.0 / (1.0 + std::exp(-(a * xs[k] + b))), 1e-9, 1 - 1e-9);
    loss -= ys[k] * std::log(p) + (1 - ys[k]) * std::log(1 - p);
  }
  impl.calib_a = static_cast<float>(a);
  impl.calib_b = static_cast<float>(b);
  return {{"a", impl.calib_a},
          {"b", impl.calib_b},
          {"spans", xs.size()},
          {"right", right},
          {"log_loss", loss / static_cast<double>(xs.size())}};
}

// Fixed synthetic sentences (not corpus text) whose tags are recorded in the model and checked at load.
const std::vector<std::vector<std::string>> kSelfTest = {
    {"John", "Smith", "flew", "from", "Paris", "to", "Tokyo", "for", "Acme", "Corp", "on", "Monday", "."},
    {"GERMANY", "BEAT", "ITALY", "2-1", "IN", "EUROPEAN", "CUP"},
};

}  // namespace

std::shared_ptr<EntityRecognizer> train_recognizer(const std::vector<ConllDoc>& train, const std::vector<ConllDoc>& dev,
                                                   const NerTrainOptions& options) {
  auto& log = internal::logger();
  if (options.epochs < 1 || options.epochs > 1000) throw ConfigError("epochs must be in 1..1000");
  if (options.min_feature_count < 1) throw ConfigError("min_feature_count must be >= 1");
  if (options.ensemble < 1 || options.ensemble > 16) throw ConfigError("ensemble must be in 1..16");
  if (options.min_weight < 0 || options.min_weight > 32766)
    throw ConfigError("min_weight must be in 0..32766 (int16 weight magnitude), not " +
                      std::to_string(options.min_weight));
  if (train.empty()) throw ConfigError("no training documents");
  std::uint32_t disabled = 0;
  for (const auto& g : options.disable) {
    std::uint32_t b = ner::group_from_name(g);
    if (!b) {
      std::string known;
      for (const auto& name : ner::group_names(~0u)) known += (known.empty() ? "" : ", ") + name;
      throw ConfigError("unknown feature group '" + g + "' (the groups: " + known + ")");
    }
    disabled |= b;
  }
  ner::Resources res;
  res.unicode_shapes = options.unicode_shapes;
  if (!options.clusters_path.empty() && !(disabled & ner::kGroupClusters)) res.load_clusters(options.clusters_path);
  if (!options.gazetteer_path.empty()) res.load_gazetteer(options.gazetteer_path);
  if (!options.vectors_path.empty() && !(disabled & ner::kGroupVectors)) res.load_vectors(options.vectors_path);
  res.build_index();
  res.clusters.clear();  // only the hashed indexes are used (and saved)
  res.gazetteer.clear();
  // The gazetteer is also used for the LOC -> GPE/LOC schema mapping, so keep it even when its features are off.

  std::vector<std::string> types = options.types;
  const std::uint64_t target = options.target_source.empty() ? 0 : ner::hash_bytes(options.target_source);
  if (target != 0 &&
      std::none_of(train.begin(), train.end(), [&](const ConllDoc& d) { return d.source == options.target_source; }))
    throw ConfigError("target source '" + options.target_source + "' has no training documents");
  bool partial = false;
  {
    std::set<std::string> type_set;
    for (const auto& d : train) {
      partial = partial || !d.open_types.empty();
      for (const auto& s : tags_to_spans(d.tags)) {
        if (s.type == "O") throw ConfigError("training tag of type 'O' (B-O / I-O) is not an entity type");
        for (const auto& t : split_alternatives(s.type)) {
          partial = partial || t != s.type;
          if (t != "O") type_set.insert(t);
        }
      }
    }
    if (types.empty()) types.assign(type_set.begin(), type_set.end());
    // Every annotated type must be one the model learns: a span of another type would
    // silently become O ("--types PERSON,ORG" on data with "B-GPE").
    for (const auto& t : type_set)
      if (std::find(types.begin(), types.end(), t) == types.end())
        throw ConfigError("training tag type '" + t + "' is not among the model's types (--types)");
  }
  for (const auto& t : types)
    if (t.empty() || t == "O" || t.find('|') != std::string::npos || std::count(types.begin(), types.end(), t) != 1)
      throw ConfigError("bad entity type '" + t + "' in the type list");
  if (types.empty()) throw ConfigError("training data has no entities");
  if (types.size() > 60) throw ConfigError("too many entity types");
  if (partial && types.size() > 15) throw ConfigError("partial annotation supports at most 15 entity types");
  const std::vector<std::string> labels = ner::bilou_labels(types);
  const int L = static_cast<int>(labels.size());
  auto label_id = [&](char prefix, const std::string& type) {
    auto it = std::find(labels.begin(), labels.end(), std::string(1, prefix) + "-" + type);
    return it == labels.end() ? -1 : static_cast<int>(it - labels.begin());
  };

  // Static features once; count them; keep frequent ones.
  auto t0 = std::chrono::steady_clock::now();
  std::vector<TrainDoc> docs(train.size());
  std::unordered_map<std::uint64_t, std::uint32_t> counts;
  std::vector<std::vector<std::uint64_t>> raw(train.size());
  std::vector<std::vector<std::uint8_t>> rawspell(train.size());  // word dropout: spelling features
  std::vector<std::uint64_t> spell;
  if (!(options.word_dropout >= 0.0f && options.word_dropout < 1.0f))
    throw ConfigError("word dropout must be in [0, 1), got " + std::to_string(options.word_dropout));
  if (!(options.margin >= 0.0f && options.margin < 1000.0f))
    throw ConfigError("margin must be in [0, 1000), got " + std::to_string(options.margin));
  std::size_t ntok = 0;
  for (std::size_t k = 0; k < train.size(); ++k) {
    const ConllDoc& cd = train[k];
    if (cd.words.size() != cd.tags.size()) throw ConfigError("training document with words/tags mismatch");
    std::vector<std::string_view> words(cd.words.begin(), cd.words.end());
    TrainDoc& td = docs[k];
    if (target != 0 && !cd.source.empty()) td.source = ner::hash_bytes(cd.source);
    ner::prepare_doc(words, cd.sentences, res, disabled, td.df);
    // prepare_doc keeps string_views into `train`, which outlives training.
    // Chunks never cross sentence breaks (IOB1 "I-LOC" / "I-LOC" across a break are two entities).
    td.gold.assign(cd.words.size(), 0);
    if (!partial) {
      for (const auto& s : td.df.sentences) {
        std::vector<std::string> st(cd.tags.begin() + s.begin, cd.tags.begin() + s.end);
        auto ids = ner::to_bilou_ids(st, labels);
        std::copy(ids.begin(), ids.end(), td.gold.begin() + s.begin);
      }
    } else {
      // Allowed labels per token: O or any label of an open type outside annotated spans;
      // inside a span, the span position's label of each alternative type.
      std::uint64_t open_bits = 0;
      for (const auto& t : cd.open_types)
        for (char pfx : {'B', 'I', 'L', 'U'})
          if (int id = label_id(pfx, t); id >= 0) open_bits |= std::uint64_t{1} << id;
      td.mask.assign(cd.words.size(), 1u | open_bits);
      td.sent_ambiguous.assign(td.df.sentences.size(), 0);
      for (std::size_t sn = 0; sn < td.df.sentences.size(); ++sn) {
        const TokenRange& s = td.df.sentences[sn];
        std::vector<std::string> st(cd.tags.begin() + s.begin, cd.tags.begin() + s.end);
        for (const auto& span : tags_to_spans(st)) {
          const std::uint32_t b = s.begin + span.begin, e = s.begin + span.end;
          std::vector<std::uint64_t> m(e - b, 0);
          for (const auto& t : split_alternatives(span.type)) {
            if (t == "O") {
              for (auto& x : m) x |= 1u | open_bits;
              continue;
            }
            for (std::uint32_t k = b; k < e; ++k) {
              const char pfx = e - b == 1 ? 'U' : k == b ? 'B' : k + 1 == e ? 'L' : 'I';
              if (int id = label_id(pfx, t); id >= 0) m[k - b] |= std::uint64_t{1} << id;
            }
          }
          for (std::uint32_t k = b; k < e; ++k)
            if (m[k - b]) td.mask[k] = m[k - b];  // a span of unknown types only: treated as O
        }
        for (std::uint32_t k = s.begin; k < s.end; ++k) {
          const std::uint64_t m = td.mask[k];
          if ((m & (m - 1)) != 0) {
            td.sent_ambiguous[sn] = 1;
          } else {
            int id = 0;
            while (!((m >> id) & 1u)) ++id;
            td.gold[k] = id;
          }
        }
      }
    }
    td.feat_off.push_back(0);
    for (const auto& s : td.df.sentences)
      for (std::uint32_t i = s.begin; i < s.end; ++i) {
        std::size_t before = raw[k].size();
        ner::static_features(td.df, i, s.begin, s.end, disabled, res.num_clusterings, raw[k]);
        for (std::size_t f = before; f < raw[k].size(); ++f) counts[raw[k][f]]++;
        if (options.word_dropout > 0.0f) {
          rawspell[k].resize(raw[k].size(), 0);
          const ner::TokenInfo& t = td.df.toks[i];
          if ((t.flags & ner::kFHasAlpha) && (t.flags & (ner::kFInitCap | ner::kFAllCap))) {
            spell.clear();
            ner::spelling_features(t, disabled, res.num_clusterings, spell);
            for (std::size_t f = before; f < raw[k].size(); ++f)
              if (std::find(spell.begin(), spell.end(), raw[k][f]) != spell.end()) rawspell[k][f] = 1;
          }
        }
        td.feat_off.push_back(static_cast<std::uint32_t>(raw[k].size()));
      }
    ntok += cd.words.size();
  }
  Perceptron p(L);
  for (std::size_t k = 0; k < docs.size(); ++k) {
    TrainDoc& td = docs[k];
    std::vector<std::uint32_t> off{0};
    for (std::size_t i = 0; i + 1 < td.feat_off.size(); ++i) {
      for (std::uint32_t f = td.feat_off[i]; f < td.feat_off[i + 1]; ++f) {
        std::uint64_t key = raw[k][f];
        if (counts[key] >= static_cast<std::uint32_t>(options.min_feature_count)) {
          const std::uint8_t sp = rawspell[k].empty() ? 0 : rawspell[k][f];
          td.feats.push_back(p.row_or_add(key));
          if (!rawspell[k].empty()) td.spelling.push_back(sp);
          if (td.source) {
            td.feats.push_back(p.row_or_add(source_copy(key, td.source), true));
            if (!rawspell[k].empty()) td.spelling.push_back(sp);
          }
        }
      }
      off.push_back(static_cast<std::uint32_t>(td.feats.size()));
    }
    td.feat_off = std::move(off);
    std::vector<std::uint64_t>().swap(raw[k]);
    std::vector<std::uint8_t>().swap(rawspell[k]);
  }
  log.info("ner train: {} docs, {} tokens, {} labels, {} features (of {} seen), prepared in {:.1f}s", train.size(),
           ntok, L, p.rows(), counts.size(),
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  counts.clear();

  std::vector<std::uint32_t> trans_rows;
  for (int prev = 0; prev <= L; ++prev)
    trans_rows.push_back(p.row_or_add(ner::transition_feature(prev == L ? -1 : prev)));

  const auto allowed = ner::allowed_transitions(labels);
  std::vector<std::uint8_t> end_ok(labels.size());
  for (std::size_t c = 0; c < labels.size(); ++c) end_ok[c] = ner::allowed_end(labels[c]);

  std::string best_bytes;
  double best_f1 = -1;
  int best_epoch = 0;
  nlohmann::json history = nlohmann::json::array();
  std::unique_ptr<EntityRecognizer::Impl> impl;
  const int K = options.ensemble;

  const unsigned hw = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  if (!options.keep_best && K > static_cast<int>(hw)) {
    // Rounds of `hw` members, each trained through all epochs, merged and freed: the
    // memory of `hw` members instead of K. The same model as training all K side by side
    // (members never interact; the merge is in member order); dev is scored at the end.
    Merged merged;
    const float inv = 1.0f / static_cast<float>(K);
    for (int k0 = 0; k0 < K; k0 += static_cast<int>(hw)) {
      std::vector<std::unique_ptr<Member>> round;
      for (int k = k0; k < K && k < k0 + static_cast<int>(hw); ++k)
        round.push_back(std::make_unique<Member>(p, options.seed + static_cast<std::uint64_t>(k), docs.size(),
                                                 options.word_dropout, options.margin));
      for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        auto te = std::chrono::steady_clock::now();
        std::vector<std::size_t> errors(round.size(), 0);
        internal::parallel_for(round.size(), static_cast<int>(round.size()), [&](std::size_t j) {
          errors[j] = round[j]->epoch(docs, trans_rows, labels, allowed, end_ok, disabled);
        });
        std::size_t err_sum = 0;
        for (auto e : errors) err_sum += e;
        NerEpochReport rep;
        rep.epoch = epoch;
        rep.train_error_rate = static_cast<double>(err_sum) / (static_cast<double>(round.size()) *
                                                               static_cast<double>(std::max<std::size_t>(ntok, 1)));
        rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - te).count();
        history.push_back({{"members", {k0 + 1, k0 + static_cast<int>(round.size())}},
                           {"epoch", epoch},
                           {"train_error_rate", rep.train_error_rate}});
        log.info("ner train: members {}-{} epoch {} {:.1f}s train-err {:.4f}", k0 + 1,
                 k0 + static_cast<int>(round.size()), epoch, rep.seconds, rep.train_error_rate);
        if (options.on_epoch) options.on_epoch(rep);
      }
      for (const auto& m : round) merge_member(m->p, inv, target, labels.size(), merged);
    }
    impl = build_model(merged, types, labels, disabled, res, options.prune_threshold, options.min_weight);
    best_epoch = options.epochs;
    if (!dev.empty()) {
      auto model = std::make_shared<EntityRecognizer>(
          build_model(merged, types, labels, disabled, res, options.prune_threshold, options.min_weight));
      NerEvaluation ev = evaluate(*model, dev);
      history.push_back({{"epoch", options.epochs},
                         {"dev_f1", ev.overall.f1},
                         {"dev_precision", ev.overall.precision},
                         {"dev_recall", ev.overall.recall}});
      log.info("ner train: ensemble of {} dev P {:.2f} R {:.2f} F1 {:.2f}", K, ev.overall.precision, ev.overall.recall,
               ev.overall.f1);
    }
  }

  // K members with seeds seed, seed+1, ... train independently (two at a time); after
  // each epoch their averaged weights are averaged into one model, scored on dev.
  // Deterministic: members never interact, and the merge is in member order.
  std::vector<std::unique_ptr<Member>> members;
  if (!impl)
    for (int k = 0; k < K; ++k)
      members.push_back(std::make_unique<Member>(p, options.seed + static_cast<std::uint64_t>(k), docs.size(),
                                                 options.word_dropout, options.margin));
  std::vector<const Perceptron*> ps;
  for (const auto& m : members) ps.push_back(&m->p);
  for (int epoch = 1; epoch <= options.epochs && !impl; ++epoch) {
    auto te = std::chrono::steady_clock::now();
    std::vector<std::size_t> errors(static_cast<std::size_t>(K), 0);
    for (int k0 = 0; k0 < K; k0 += static_cast<int>(hw)) {
      const std::size_t chunk = static_cast<std::size_t>(std::min(K, k0 + static_cast<int>(hw)) - k0);
      internal::parallel_for(chunk, static_cast<int>(chunk), [&](std::size_t j) {
        const std::size_t k = static_cast<std::size_t>(k0) + j;
        errors[k] = members[k]->epoch(docs, trans_rows, labels, allowed, end_ok, disabled);
      });
    }
    std::size_t err_sum = 0;
    for (auto e : errors) err_sum += e;
    NerEpochReport rep;
    rep.epoch = epoch;
    rep.train_error_rate =
        static_cast<double>(err_sum) / (static_cast<double>(K) * static_cast<double>(std::max<std::size_t>(ntok, 1)));
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - te).count();
    // No wall-clock times in the model: the file is a pure function of data, options and seed.
    nlohmann::json h{{"epoch", epoch}, {"train_error_rate", rep.train_error_rate}};
    const bool last = epoch == options.epochs;
    if (!dev.empty()) {
      auto model = std::make_shared<EntityRecognizer>(
          finalize(ps, types, labels, disabled, res, options.prune_threshold, options.min_weight, target));
      NerEvaluation ev = evaluate(*model, dev);
      rep.has_dev = true;
      rep.dev = ev.overall;
      h["dev_f1"] = ev.overall.f1;
      h["dev_precision"] = ev.overall.precision;
      h["dev_recall"] = ev.overall.recall;
      if (ev.overall.f1 > best_f1 && (options.keep_best || last)) {
        best_f1 = ev.overall.f1;
        best_epoch = epoch;
        best_bytes = model->impl().serialize();
      } else if (last && !options.keep_best) {
        best_epoch = epoch;
        best_bytes = model->impl().serialize();
      }
      log.info("ner train: epoch {} {:.1f}s train-err {:.4f} dev P {:.2f} R {:.2f} F1 {:.2f}", epoch, rep.seconds,
               rep.train_error_rate, ev.overall.precision, ev.overall.recall, ev.overall.f1);
    } else {
      log.info("ner train: epoch {} {:.1f}s train-err {:.4f}", epoch, rep.seconds, rep.train_error_rate);
    }
    history.push_back(h);
    if (options.on_epoch) options.on_epoch(rep);
  }
  if (impl) {
    // trained in rounds above
  } else if (!best_bytes.empty()) {
    impl = EntityRecognizer::Impl::deserialize(best_bytes.data(), best_bytes.size());
  } else {
    impl = finalize(ps, types, labels, disabled, res, options.prune_threshold, options.min_weight, target);
    best_epoch = options.epochs;
  }
  ner::Workspace ws;
  nlohmann::json info = nlohmann::json::object();
  info["trainer"] = "averaged structured perceptron, BILOU, first-order Viterbi";
  info["epochs"] = options.epochs;
  info["selected_epoch"] = best_epoch;
  info["seed"] = options.seed;
  info["ensemble"] = options.ensemble;
  info["min_feature_count"] = options.min_feature_count;
  info["min_weight"] = options.min_weight;
  info["word_dropout"] = options.word_dropout;
  if (options.margin > 0.0f) info["margin"] = options.margin;
  info["train_tokens"] = ntok;
  info["train_documents"] = train.size();
  info["history"] = history;
  // Span confidences calibrated on the dev data (left uncalibrated, score 1, without it).
  if (!dev.empty()) info["score_calibration"] = calibrate(*impl, dev);
  // Self-test samples: the model's own output on fixed synthetic sentences.
  nlohmann::json st = nlohmann::json::array();
  for (const auto& words : kSelfTest) {
    std::vector<std::string_view> wv(words.begin(), words.end());
    std::vector<int> ids;
    impl->tag(wv, {{0, static_cast<std::uint32_t>(wv.size())}}, ws, ids);
    st.push_back({{"words", words}, {"tags", ner::to_iob2(ids, labels)}});
  }
  info["self_test"] = st;
  impl->info = info;
  return std::make_shared<EntityRecognizer>(std::move(impl));
}

}  // namespace byline
