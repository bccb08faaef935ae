// The training options of the command lines, defined once (byline/ner.h, TrainOptionSpec).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "byline/errors.h"
#include "byline/ner.h"
#include "internal/split.h"

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

/// One row of the option table: the option as the commands show it, and how
/// set_train_option() gives its command-line text to its field of NerTrainOptions
/// (throwing ConfigError for a bad value). The functions below make a row of each kind
/// from the field it sets; the default shown is that field's in a default NerTrainOptions.
struct TrainOption {
  TrainOptionSpec spec;
  std::function<void(NerTrainOptions&, const TrainOptionSpec&, const std::string&)> set;
};

/// kCount: an integer >= `min` that fits in the field.
template <class T>
TrainOption count(std::string name, T NerTrainOptions::* field, std::string metavar, std::string help,
                  unsigned long long min) {
  return {{std::move(name), Kind::kCount, std::move(metavar), std::move(help), std::to_string(NerTrainOptions().*field),
           min},
          [field](NerTrainOptions& o, const TrainOptionSpec& s, const std::string& v) {
            const auto max = static_cast<unsigned long long>(std::numeric_limits<T>::max());
            o.*field = static_cast<T>(count_value(s, v, max));
          }};
}

/// kNumber: a finite number >= 0, below `below` when that is above 0.
TrainOption number(std::string name, float NerTrainOptions::* field, std::string metavar, std::string help,
                   double below = 0) {
  return {
      {std::move(name), Kind::kNumber, std::move(metavar), std::move(help), number_text(NerTrainOptions().*field), 0,
       below},
      [field](NerTrainOptions& o, const TrainOptionSpec& s, const std::string& v) { o.*field = number_value(s, v); }};
}

/// kText: the text as it is.
TrainOption text(std::string name, std::string NerTrainOptions::* field, std::string metavar, std::string help) {
  return {{std::move(name), Kind::kText, std::move(metavar), std::move(help), NerTrainOptions().*field},
          [field](NerTrainOptions& o, const TrainOptionSpec&, const std::string& v) { o.*field = v; }};
}

/// kList: the comma-separated items, each without spaces and tabs at its ends, empty ones
/// left out. When `required_item` is not empty, at least one item is needed (the error
/// says "needs at least one <required_item>").
TrainOption list(std::string name, std::vector<std::string> NerTrainOptions::* field, std::string metavar,
                 std::string help, std::string required_item = "") {
  return {{std::move(name), Kind::kList, std::move(metavar), std::move(help), joined(NerTrainOptions().*field)},
          [field, required_item](NerTrainOptions& o, const TrainOptionSpec& s, const std::string& v) {
            o.*field = internal::split_commas(v, " \t");
            if (!required_item.empty() && (o.*field).empty())
              throw ConfigError("--" + s.name + " needs at least one " + required_item + ", not '" + v + "'");
          }};
}

/// kFlag: sets the field to `value`; no default is shown.
TrainOption flag(std::string name, bool NerTrainOptions::* field, bool value, std::string help) {
  return {{std::move(name), Kind::kFlag, "", std::move(help), ""},
          [field, value](NerTrainOptions& o, const TrainOptionSpec&, const std::string&) { o.*field = value; }};
}

std::vector<TrainOption> make_options() {
  using O = NerTrainOptions;
  std::vector<TrainOption> options = {
      count("epochs", &O::epochs, "N", "passes over the data", 1),
      count("seed", &O::seed, "S", "shuffling seed", 0),
      text("clusters", &O::clusters_path, "FILE", "word clusters (word<TAB>class... lines)"),
      text("gazetteer", &O::gazetteer_path, "FILE", "gazetteer (TYPE<TAB>phrase lines)"),
      text("vectors", &O::vectors_path, "FILE",
           "word-vector rows (word<TAB>row lines): the row is a feature of the word"),
      list("disable", &O::disable, "GROUP,...",
           "feature groups to switch off: clusters, gazetteer, doc, context2, affixes, bigrams, memory, memoryvotes, "
           "runs, casevariant, vectors"),
      count("min-count", &O::min_feature_count, "N", "drop features seen fewer than N times", 1),
      number("prune", &O::prune_threshold, "X", "drop averaged weights with |w| < X"),
      count("min-weight", &O::min_weight, "N",
            "drop weights whose int16 value is at most N in magnitude, 400 in the shipped model", 0),
      number("word-dropout", &O::word_dropout, "P",
             "probability in [0, 1) that an epoch trains a capitalised token without its spelling features, 0.2 in "
             "the shipped model",
             1.0),
      number("margin", &O::margin, "M",
             "loss-augmented training: every label but the gold one scores M more while training (0 = off)", 1000),
      flag("unicode-shapes", &O::unicode_shapes, true,
           "read non-ASCII characters by their Unicode category in the shape and case features"),
      flag("no-keep-best", &O::keep_best, false, "keep the last epoch's weights instead of the best dev epoch's"),
      count("ensemble", &O::ensemble, "K", "average K perceptrons trained with seeds S, S+1, ...", 1),
      list("types", &O::types, "T,...", "the model's entity types, in this order (default: the tags')", "type"),
      text("target-source", &O::target_source, "NAME", "source adaptation to the documents of -DOCSTART- source=NAME"),
  };
  for (auto& o : options)  // the help ends with the default, where there is one
    if (!o.spec.default_value.empty()) o.spec.help += " (default " + o.spec.default_value + ")";
  return options;
}

const std::vector<TrainOption>& train_options() {
  static const std::vector<TrainOption> options = make_options();
  return options;
}

}  // namespace

const std::vector<TrainOptionSpec>& train_option_specs() {
  static const std::vector<TrainOptionSpec> specs = [] {
    std::vector<TrainOptionSpec> out;
    for (const auto& o : train_options()) out.push_back(o.spec);
    return out;
  }();
  return specs;
}

void set_train_option(NerTrainOptions& o, std::string_view name, const std::string& value) {
  for (const auto& option : train_options())
    if (option.spec.name == name) return option.set(o, option.spec, value);
  throw ConfigError("--" + std::string(name) + " is no training option");
}

}  // namespace byline
