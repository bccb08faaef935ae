// The training options of the command lines, defined once (byline/ner.h, TrainOptionSpec).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "byline/errors.h"
#include "byline/ner.h"

namespace byline {

namespace {

using Kind = TrainOptionSpec::Kind;

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<TrainOptionSpec> make_specs() {
  const NerTrainOptions d;
  std::vector<TrainOptionSpec> specs = {
      {"epochs", Kind::kCount, "N", "passes over the data", std::to_string(d.epochs), 1},
      {"seed", Kind::kCount, "S", "shuffling seed", std::to_string(d.seed), 0},
      {"clusters", Kind::kText, "FILE", "word clusters (word<TAB>class... lines)", "", 0},
      {"gazetteer", Kind::kText, "FILE", "gazetteer (TYPE<TAB>phrase lines)", "", 0},
      {"vectors", Kind::kText, "FILE", "word-vector rows (word<TAB>row lines): the row is a feature of the word", "",
       0},
      {"disable", Kind::kList, "GROUP,...",
       "feature groups to switch off: clusters, gazetteer, doc, context2, affixes, bigrams, memory, memoryvotes, "
       "runs, casevariant, vectors",
       joined(d.disable), 0},
      {"min-count", Kind::kCount, "N", "drop features seen fewer than N times", std::to_string(d.min_feature_count), 1},
      {"prune", Kind::kNumber, "X", "drop averaged weights with |w| < X", number_text(d.prune_threshold), 0},
      {"min-weight", Kind::kCount, "N",
       "drop weights whose int16 value is at most N in magnitude, 400 in the shipped model",
       std::to_string(d.min_weight), 0},
      {"word-dropout", Kind::kNumber, "P",
       "probability in [0, 1) that an epoch trains a capitalised token without its spelling features, 0.2 in the "
       "shipped model",
       number_text(d.word_dropout), 0, 1.0},
      {"unicode-shapes", Kind::kFlag, "",
       "read non-ASCII characters by their Unicode category in the shape and case features", "", 0},
      {"no-keep-best", Kind::kFlag, "", "keep the last epoch's weights instead of the best dev epoch's", "", 0},
      {"ensemble", Kind::kCount, "K", "average K perceptrons trained with seeds S, S+1, ...",
       std::to_string(d.ensemble), 1},
      {"types", Kind::kList, "T,...", "the model's entity types, in this order (default: the tags')", "", 0},
      {"target-source", Kind::kText, "NAME", "source adaptation to the documents of -DOCSTART- source=NAME", "", 0},
  };
  for (auto& s : specs)  // the help ends with the default, where there is one
    if (!s.default_value.empty()) s.help += " (default " + s.default_value + ")";
  return specs;
}

const TrainOptionSpec& spec_of(std::string_view name) {
  for (const auto& s : train_option_specs())
    if (s.name == name) return s;
  throw ConfigError("--" + std::string(name) + " is no training option");
}

/// The value of a kCount option, at most `max`.
unsigned long long count_value(const TrainOptionSpec& s, const std::string& v, unsigned long long max) {
  const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
  errno = 0;
  const unsigned long long n = digits ? std::strtoull(v.c_str(), nullptr, 10) : 0;
  if (!digits || n < s.min)
    throw ConfigError("--" + s.name + " needs an integer >= " + std::to_string(s.min) + ", not '" + v + "'");
  if (errno == ERANGE || n > max)
    throw ConfigError("--" + s.name + " is out of range (at most " + std::to_string(max) + "): '" + v + "'");
  return n;
}

int int_value(const TrainOptionSpec& s, const std::string& v) {
  return static_cast<int>(count_value(s, v, static_cast<unsigned long long>(std::numeric_limits<int>::max())));
}

float number_value(const TrainOptionSpec& s, const std::string& v) {
  const std::string range = s.below > 0 ? "a number in [0, " + number_text(s.below) + ")" : "a number >= 0";
  char* end = nullptr;
  const bool plain = !v.empty() && v.find_first_not_of("0123456789.eE+-") == std::string::npos;
  const double x = plain ? std::strtod(v.c_str(), &end) : 0.0;
  const auto f = static_cast<float>(x);  // what is stored: finite as a float too
  if (!plain || end != v.c_str() + v.size() || !std::isfinite(x) || !std::isfinite(f) || x < 0 ||
      (s.below > 0 && x >= s.below))
    throw ConfigError("--" + s.name + " needs " + range + ", not '" + v + "'");
  return f;
}

std::vector<std::string> list_value(const std::string& v) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= v.size() && !v.empty()) {
    std::size_t c = v.find(',', pos);
    if (c == std::string::npos) c = v.size();
    std::string item = v.substr(pos, c - pos);
    const auto first = item.find_first_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
    pos = c + 1;
  }
  return out;
}

}  // namespace

const std::vector<TrainOptionSpec>& train_option_specs() {
  static const std::vector<TrainOptionSpec> specs = make_specs();
  return specs;
}

void set_train_option(NerTrainOptions& o, std::string_view name, const std::string& value) {
  const TrainOptionSpec& s = spec_of(name);
  if (name == "epochs") {
    o.epochs = int_value(s, value);
  } else if (name == "seed") {
    o.seed = count_value(s, value, std::numeric_limits<std::uint64_t>::max());
  } else if (name == "clusters") {
    o.clusters_path = value;
  } else if (name == "gazetteer") {
    o.gazetteer_path = value;
  } else if (name == "vectors") {
    o.vectors_path = value;
  } else if (name == "disable") {
    o.disable = list_value(value);
  } else if (name == "min-count") {
    o.min_feature_count = int_value(s, value);
  } else if (name == "prune") {
    o.prune_threshold = number_value(s, value);
  } else if (name == "min-weight") {
    o.min_weight = int_value(s, value);
  } else if (name == "word-dropout") {
    o.word_dropout = number_value(s, value);
  } else if (name == "unicode-shapes") {
    o.unicode_shapes = true;
  } else if (name == "no-keep-best") {
    o.keep_best = false;
  } else if (name == "ensemble") {
    o.ensemble = int_value(s, value);
  } else if (name == "types") {
    o.types = list_value(value);
    if (o.types.empty()) throw ConfigError("--types needs at least one type, not '" + value + "'");
  } else if (name == "target-source") {
    o.target_source = value;
  } else {
    throw ConfigError("--" + std::string(name) + " has a spec but no meaning (set_train_option)");
  }
}

}  // namespace byline
