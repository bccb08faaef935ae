// register_ner.cpp — byline._core.EntityRecognizer, NER training and evaluation.
//
//   >>> ner = _core.EntityRecognizer.load("models/en_news/model.bin")
//   >>> ner.predict_tags(doc)                  # raw tags; _core.Pipeline runs the whole pipeline
//   >>> model = _core.train_ner("eng.train", "eng.testa", epochs=10, seed=1, on_epoch=print)
//   >>> json.loads(_core.evaluate_ner(model, "eng.testa"))["f1"]
//
// Arguments are converted under the GIL; tagging, loading, training and
// evaluating run with the GIL released; Python objects are built after re-acquiring
// it. The on_epoch callback re-acquires the GIL for its call (and checks for
// Ctrl-C, so KeyboardInterrupt stops training at the end of an epoch).
//
// THREAD SAFETY: an EntityRecognizer is immutable (it holds a
// std::shared_ptr<const byline::EntityRecognizer>); any number of Python or C++
// threads may use one at once.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/errors.h"
#include "byline/ner.h"
#include "byline/tokenizer.h"

namespace byline::python {
namespace {

Recognizer load_path(const std::string& path) {
  py::gil_scoped_release nogil;
  return Recognizer{EntityRecognizer::load(path)};
}

Recognizer load_bytes(const py::bytes& data) {
  const std::string_view bytes = bytes_view(data);
  py::gil_scoped_release nogil;  // `data` stays referenced by the caller meanwhile
  return Recognizer{EntityRecognizer::load_from_buffer(bytes)};
}

py::bytes to_bytes(const Recognizer& r) {
  std::string bytes;
  {
    py::gil_scoped_release nogil;
    bytes = r.model->serialize();
  }
  return py::bytes(bytes);
}

std::vector<std::string> predict_tags(const Recognizer& r, const Doc& doc) {
  Doc copy = doc;
  py::gil_scoped_release nogil;
  return r.model->predict_tags(copy);
}

/// News-schema labels the model can assign (EntityRecognizer::labels).
std::vector<std::string> schema_labels(const Recognizer& r) { return r.model->labels(); }

py::dict scores_dict(const NerScores& s) {
  py::dict d;
  d["precision"] = s.precision;
  d["recall"] = s.recall;
  d["f1"] = s.f1;
  d["gold"] = s.gold;
  d["predicted"] = s.predicted;
  d["correct"] = s.correct;
  return d;
}

Recognizer train(const std::string& train_path, const std::string& dev_path, int epochs, std::uint64_t seed,
                 const std::string& clusters, const std::string& gazetteer, const std::string& vectors,
                 const std::optional<std::vector<std::string>>& disable, int min_count, float prune, int min_weight,
                 bool keep_best, int ensemble, float word_dropout, float margin, bool unicode_shapes,
                 const std::vector<std::string>& types, const std::string& target_source, py::object on_epoch) {
  if (epochs < 1) throw std::invalid_argument("epochs must be >= 1, not " + std::to_string(epochs));
  if (min_count < 1) throw std::invalid_argument("min_count must be >= 1, not " + std::to_string(min_count));
  if (prune < 0) throw std::invalid_argument("prune must be >= 0");
  if (min_weight < 0 || min_weight > 32766)
    throw std::invalid_argument("min_weight must be in [0, 32766], not " + std::to_string(min_weight));
  if (!on_epoch.is_none() && !PyCallable_Check(on_epoch.ptr()))
    throw py::type_error("on_epoch must be callable or None");
  NerTrainOptions opts;
  opts.epochs = epochs;
  opts.seed = seed;
  opts.clusters_path = clusters;
  opts.gazetteer_path = gazetteer;
  opts.vectors_path = vectors;
  if (disable) opts.disable = *disable;  // None keeps the trainer's default set
  opts.min_feature_count = min_count;
  opts.prune_threshold = prune;
  opts.min_weight = min_weight;
  opts.keep_best = keep_best;
  opts.ensemble = ensemble;          // range checked by the trainer (ConfigError)
  opts.word_dropout = word_dropout;  // likewise
  opts.margin = margin;              // likewise
  opts.unicode_shapes = unicode_shapes;
  opts.types = types;
  opts.target_source = target_source;
  // Runs on the training thread with the GIL released: take it for the call. A
  // Python error (from the callback or a pending Ctrl-C) propagates as
  // error_already_set, which stops training and reaches the caller unchanged.
  opts.on_epoch = [&on_epoch](const NerEpochReport& rep) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (on_epoch.is_none()) return;
    py::dict report;
    report["epoch"] = rep.epoch;
    report["seconds"] = rep.seconds;
    report["train_error_rate"] = rep.train_error_rate;
    report["dev"] = rep.has_dev ? py::object(scores_dict(rep.dev)) : py::object(py::none());
    on_epoch(report);
  };
  py::gil_scoped_release nogil;
  std::vector<ConllDoc> train_docs = read_conll(train_path);
  std::vector<ConllDoc> dev_docs;
  if (!dev_path.empty()) dev_docs = read_conll(dev_path);
  auto model = train_recognizer(train_docs, dev_docs, opts);
  return Recognizer{std::shared_ptr<const EntityRecognizer>(std::move(model))};
}

std::string evaluate_path(const Recognizer& r, const std::string& data_path) {
  py::gil_scoped_release nogil;
  return evaluate(*r.model, read_conll(data_path)).to_json();
}

}  // namespace

void register_ner(py::module_& m) {
  py::class_<Recognizer>(m, "EntityRecognizer",
                         "A trained statistical named-entity recognizer (averaged perceptron, BILOU, Viterbi).\n\n"
                         "Immutable and thread-safe; loading, tagging and serialising release the GIL.\n"
                         "Use byline.load() for the Python pipeline on top of it.")
      .def_static("load", &load_path, py::arg("path"),
                  "Load a model file; ModelError names the problem (missing, truncated, bad magic, "
                  "unsupported version, checksum mismatch).")
      .def_static("from_bytes", &load_bytes, py::arg("data"),
                  "Load a model from the bytes of a model file (as to_bytes() returns them).")
      .def("to_bytes", &to_bytes, "The serialised model: the exact bytes of its model file.")
      .def(
          "save",
          [](const Recognizer& r, const std::string& path) {
            py::gil_scoped_release nogil;
            r.model->save(path);
          },
          py::arg("path"), "Write the model file (ModelError when it cannot be written).")
      .def("predict_tags", &predict_tags, py::arg("doc"),
           "The raw IOB2 tag of every token of `doc` (\"B-PER\", \"I-ORG\", \"O\", ...).")
      .def(
          "entity_types", [](const Recognizer& r) { return r.model->entity_types(); },
          "The entity types the model predicts (OntoNotes names, or CoNLL's LOC, MISC, ORG, PER).")
      .def_property_readonly("labels", &schema_labels,
                             "The schema labels annotate() assigns, sorted (e.g. EVENT, FAC, GPE, ...).")
      .def(
          "schema_label",
          [](const Recognizer& r, const std::string& type, const std::string& span_text) {
            return r.model->schema_label(type, span_text);
          },
          py::arg("type"), py::arg("span_text"), "The news-schema label for a raw type and span text.")
      .def(
          "info_json", [](const Recognizer& r) { return r.model->info_json(); },
          "Model configuration and provenance (labels, features, sizes, training history) as JSON.")
      .def(py::pickle([](const Recognizer& r) { return py::make_tuple(to_bytes(r)); },
                      [](const py::tuple& state) {
                        if (state.size() != 1) throw std::invalid_argument("bad EntityRecognizer pickle state");
                        return load_bytes(state[0].cast<py::bytes>());
                      }))
      .def("__repr__", [](const Recognizer& r) {
        std::string types;
        for (const auto& t : r.model->entity_types()) types += (types.empty() ? "" : ",") + t;
        return "<byline._core.EntityRecognizer types=" + types + ">";
      });

  m.def("train_ner", &train, py::arg("train"), py::arg("dev") = "", py::kw_only(), py::arg("epochs") = 10,
        py::arg("seed") = 1, py::arg("clusters") = "", py::arg("gazetteer") = "", py::arg("vectors") = "",
        py::arg("disable") = py::none(), py::arg("min_count") = 1, py::arg("prune") = 0.0f, py::arg("min_weight") = 0,
        py::arg("keep_best") = true, py::arg("ensemble") = 1, py::arg("word_dropout") = 0.0f, py::arg("margin") = 0.0f,
        py::arg("unicode_shapes") = false, py::arg("types") = std::vector<std::string>{}, py::arg("target_source") = "",
        py::arg("on_epoch") = py::none(),
        "Train a recognizer on a CoNLL file (dev: CoNLL file or ''), GIL released.\n\n"
        "vectors: word-vector rows (word<TAB>row lines) or ''. disable=None keeps the trainer's default\n"
        "feature groups. on_epoch(report: dict) is called after every epoch (with ensemble > 1: the figures of the "
        "averaged members) with keys\n"
        "epoch, seconds, train_error_rate and dev (dict of precision/recall/f1/gold/predicted/correct, or None).");
  m.def(
      "train_option_specs",
      [] {
        py::list out;
        auto kind_name = [](TrainOptionSpec::Kind k) {
          switch (k) {
            case TrainOptionSpec::Kind::kFlag:
              return "flag";
            case TrainOptionSpec::Kind::kCount:
              return "count";
            case TrainOptionSpec::Kind::kNumber:
              return "number";
            case TrainOptionSpec::Kind::kList:
              return "list";
            case TrainOptionSpec::Kind::kText:
              break;
          }
          return "text";
        };
        for (const auto& spec : train_option_specs()) {
          py::dict d;
          d["name"] = spec.name;
          d["kind"] = kind_name(spec.kind);
          d["metavar"] = spec.metavar;
          d["help"] = spec.help;
          d["default"] = spec.default_value;
          d["min"] = spec.min;
          out.append(d);
        }
        return out;
      },
      "The training options of the command lines (byline/ner.h TrainOptionSpec), in order: dicts of name, kind "
      "(flag, count, number, text, list), metavar, help, default (command-line text; '' when none) and min "
      "(count).");
  m.def(
      "check_train_option",
      [](const std::string& name, const std::string& value) {
        NerTrainOptions scratch;
        set_train_option(scratch, name, value);
      },
      py::arg("name"), py::arg("value"),
      "Check the command-line text of training option `name` (without '--') as byline-dev train does "
      "(byline::set_train_option); ConfigError naming the option and the value when it is not one.");
  m.def("evaluate_ner", &evaluate_path, py::arg("model"), py::arg("data"),
        "Tag a CoNLL file with `model` and score it as conlleval does; one JSON object (GIL released).");
}

}  // namespace byline::python
