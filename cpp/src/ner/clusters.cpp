// Exchange word clustering (class-bigram maximum likelihood; Kneser & Ney 1993,
// Martin, Liermann & Ney 1998) over text tokenised with byline::Tokenizer.
//
// Objective: sum_{a,b} N(a,b) log N(a,b) - 2 sum_c N(c) log N(c), where N(a,b) counts
// class bigrams and N(c) class unigrams. Each pass removes every word (most frequent
// first) from its class and puts it back into the class with the best objective.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "byline/errors.h"
#include "byline/ner.h"
#include "byline/tokenizer.h"
#include "internal/log.h"
#include "internal/thread_pool.h"

namespace byline {
namespace {

struct Corpus {
  std::vector<std::string> vocab;   // id -> word (0 = boundary/unknown)
  std::vector<std::int64_t> count;  // id -> count
  // Sparse bigrams per word: successors and predecessors with counts.
  std::vector<std::vector<std::pair<std::uint32_t, std::int64_t>>> succ, pred;
};

class XLogX {
 public:
  explicit XLogX(std::int64_t max) : t_(static_cast<std::size_t>(std::min<std::int64_t>(max + 1, 1 << 23))) {
    for (std::size_t i = 1; i < t_.size(); ++i) t_[i] = static_cast<double>(i) * std::log(static_cast<double>(i));
  }
  double operator()(std::int64_t x) const {
    if (x <= 0) return 0.0;
    if (static_cast<std::size_t>(x) < t_.size()) return t_[static_cast<std::size_t>(x)];
    return static_cast<double>(x) * std::log(static_cast<double>(x));
  }

 private:
  std::vector<double> t_;
};

std::vector<int> exchange(const Corpus& c, int C, int iterations, const XLogX& f) {
  const std::size_t V = c.vocab.size();
  const auto uC = static_cast<std::size_t>(C);
  std::vector<int> cls(V);
  // Deterministic start: the boundary/unknown token alone in class 0, the rest round robin.
  for (std::size_t w = 0; w < V; ++w) cls[w] = w == 0 ? 0 : 1 + static_cast<int>((w - 1) % (uC - 1));
  std::vector<std::int64_t> N(uC * uC, 0), Nc(uC, 0);
  for (std::size_t w = 0; w < V; ++w) {
    Nc[static_cast<std::size_t>(cls[w])] += c.count[w];
    for (const auto& [v, n] : c.succ[w])
      N[static_cast<std::size_t>(cls[w]) * uC + static_cast<std::size_t>(cls[v])] += n;
  }
  std::vector<std::int64_t> Lw(uC, 0), Rw(uC, 0);
  std::vector<std::uint32_t> lcls, rcls;
  for (int it = 0; it < iterations; ++it) {
    std::size_t moves = 0;
    for (std::size_t w = 1; w < V; ++w) {
      const auto a = static_cast<std::size_t>(cls[w]);
      std::int64_t self = 0;
      lcls.clear();
      rcls.clear();
      for (const auto& [v, n] : c.succ[w]) {
        if (v == w) {
          self += n;
          continue;
        }
        auto k = static_cast<std::size_t>(cls[v]);
        if (Lw[k] == 0) lcls.push_back(static_cast<std::uint32_t>(k));
        Lw[k] += n;
      }
      for (const auto& [u, n] : c.pred[w]) {
        if (u == w) continue;
        auto k = static_cast<std::size_t>(cls[u]);
        if (Rw[k] == 0) rcls.push_back(static_cast<std::uint32_t>(k));
        Rw[k] += n;
      }
      // Remove w from a.
      for (auto k : lcls) N[a * uC + k] -= Lw[k];
      for (auto k : rcls) N[k * uC + a] -= Rw[k];
      N[a * uC + a] -= self;
      Nc[a] -= c.count[w];
      // Best class for w.
      std::size_t best = a;
      double best_gain = -1e300;
      const std::int64_t nw = c.count[w];
      for (std::size_t b = 1; b < uC; ++b) {
        double g = 0;
        for (auto k : lcls)
          if (k != b) g += f(N[b * uC + k] + Lw[k]) - f(N[b * uC + k]);
        for (auto k : rcls)
          if (k != b) g += f(N[k * uC + b] + Rw[k]) - f(N[k * uC + b]);
        g += f(N[b * uC + b] + Lw[b] + Rw[b] + self) - f(N[b * uC + b]);
        g -= 2 * (f(Nc[b] + nw) - f(Nc[b]));
        if (g > best_gain + 1e-9) {
          best_gain = g;
          best = b;
        }
      }
      // Insert w into best.
      for (auto k : lcls) N[best * uC + k] += Lw[k];
      for (auto k : rcls) N[k * uC + best] += Rw[k];
      N[best * uC + best] += self;
      Nc[best] += c.count[w];
      if (best != a) ++moves;
      cls[w] = static_cast<int>(best);
      for (auto k : lcls) Lw[k] = 0;
      for (auto k : rcls) Rw[k] = 0;
    }
    internal::logger().info("clusters: C={} pass {} moved {} words", C, it + 1, moves);
    if (moves == 0) break;
  }
  return cls;
}

}  // namespace

void build_word_clusters(const std::string& corpus_path, const std::string& out_path, const ClusterOptions& options) {
  if (options.num_classes.empty() || options.num_classes.size() > 4) throw ConfigError("1 to 4 clusterings");
  for (int C : options.num_classes)
    if (C < 2 || C > 4096) throw ConfigError("number of classes must be in 2..4096");
  std::ifstream in(corpus_path, std::ios::binary);
  if (!in) throw InputError("cannot open corpus '" + corpus_path + "'");
  auto& log = internal::logger();
  auto t0 = std::chrono::steady_clock::now();

  // Read paragraphs (blank-line separated), tokenise, map to word strings.
  TokenizerOptions topts;
  topts.utf8 = Utf8Policy::kReplace;
  Tokenizer tok(topts);
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::string> words{"<s>"};
  std::vector<std::int64_t> counts{0};
  std::vector<std::uint32_t> stream;  // token ids, 0 between sentences
  std::string para, line;
  auto flush = [&]() {
    if (para.empty()) return;
    Doc d = tok.tokenize(std::string_view(para));
    for (const auto& s : d.sentences()) {
      stream.push_back(0);
      counts[0]++;
      for (std::uint32_t i = s.begin; i < s.end; ++i) {
        std::string w(d.token_text(i));
        for (auto& ch : w)
          if (ch >= '0' && ch <= '9') ch = '0';
        auto it = ids.find(w);
        std::uint32_t id;
        if (it == ids.end()) {
          id = static_cast<std::uint32_t>(words.size());
          ids.emplace(w, id);
          words.push_back(w);
          counts.push_back(0);
        } else {
          id = it->second;
        }
        counts[id]++;
        stream.push_back(id);
      }
    }
    para.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
    } else {
      if (!para.empty()) para += ' ';
      para += line;
    }
  }
  flush();
  stream.push_back(0);
  counts[0]++;
  log.info("clusters: {} tokens, {} types, read in {:.1f}s", stream.size(), words.size(),
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // Vocabulary: frequent words by count (ties by spelling), rare words -> id 0.
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 1; i < words.size(); ++i)
    if (counts[i] >= options.min_count) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : words[a] < words[b];
  });
  if (order.size() > static_cast<std::size_t>(options.max_vocab))
    order.resize(static_cast<std::size_t>(options.max_vocab));
  std::vector<std::uint32_t> remap(words.size(), 0);
  Corpus c;
  c.vocab.push_back("<s>");
  c.count.push_back(0);
  for (std::uint32_t i : order) {
    remap[i] = static_cast<std::uint32_t>(c.vocab.size());
    c.vocab.push_back(words[i]);
    c.count.push_back(counts[i]);
  }
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::int64_t> big;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    std::uint32_t w = remap[stream[i]];
    if (w == 0) c.count[0]++;
    if (i + 1 < stream.size()) big[{w, remap[stream[i + 1]]}]++;
    ++total;
  }
  c.succ.resize(c.vocab.size());
  c.pred.resize(c.vocab.size());
  for (const auto& [k, n] : big) {
    c.succ[k.first].emplace_back(k.second, n);
    c.pred[k.second].emplace_back(k.first, n);
  }
  XLogX f(total + 1);
  log.info("clusters: vocabulary {} words, {} distinct bigrams", c.vocab.size() - 1, big.size());
  big.clear();

  std::vector<std::vector<int>> result(options.num_classes.size());
  internal::parallel_for(options.num_classes.size(), static_cast<int>(options.num_classes.size()), [&](std::size_t k) {
    result[k] = exchange(c, options.num_classes[k], options.iterations, f);
  });

  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError("cannot write clusters to '" + out_path + "'");
  out << "# byline word clusters: exchange algorithm, classes";
  for (int C : options.num_classes) out << " " << C;
  out << "; min_count " << options.min_count << "; word<TAB>class per clustering\n";
  for (std::size_t w = 1; w < c.vocab.size(); ++w) {
    out << c.vocab[w];
    for (const auto& r : result) out << '\t' << r[w];
    out << '\n';
  }
  log.info("clusters: wrote {} words in {:.1f}s", c.vocab.size() - 1,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace byline
