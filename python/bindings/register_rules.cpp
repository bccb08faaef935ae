// register_rules.cpp — byline._core.EntityRuler: numeric/temporal recognisers,
// gazetteers and user patterns (cpp/include/byline/rules.h), and the whole entity
// pipeline tokenizer -> statistical NER -> rules in one call.
//
//   >>> ruler = _core.EntityRuler(resource_dir="byline/data/gazetteers",
//   ...                           patterns_json='[{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}]')
//   >>> doc = ruler.process(tok, ner, "On January 1, 2025, ...", date="2025-01-02")
//   >>> docs = ruler.process_batch(tok, ner, texts, threads=0)    # C++ threads, GIL released
//   >>> ruler.find(doc)                                           # candidates, no merging
//
// The ruler merges its candidates with the entities already in the Doc by the merge
// policy of rules.h (user > longer span > pattern > gazetteer > model). Arguments are
// converted under the GIL; tokenizing, tagging and matching run with it released.
//
// THREAD SAFETY: an EntityRuler is immutable (a std::shared_ptr<const byline::EntityRuler>);
// any number of Python or C++ threads may use one at once.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/errors.h"
#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace byline::python {
namespace {

/// The Python-visible ruler: a shared handle on an immutable EntityRuler.
struct Ruler {
  std::shared_ptr<const EntityRuler> ruler;
  std::vector<std::string> user_labels;  // labels of user patterns and phrases (for .labels)
};

/// A document date as given from Python: "" = none; otherwise it must parse as yyyy-mm-dd.
std::string check_date(const std::string& date) {
  if (!date.empty() && !DateAnchor::parse(date).valid())
    throw std::invalid_argument("date must be an ISO date 'yyyy-mm-dd', not '" + date + "'");
  return date;
}

Ruler create(const std::string& resource_dir, const std::string& patterns_json, bool numbers, bool dates,
             const std::vector<std::string>& user_lists,
             const std::vector<std::tuple<std::string, std::string, std::string>>& user_phrases, bool fold_case,
             const std::vector<std::string>& user_labels) {
  RulerOptions opts;
  opts.numbers = numbers;
  opts.dates = dates;
  opts.resource_dir = resource_dir;
  opts.user_lists = user_lists;
  for (const auto& [label, text, value] : user_phrases) opts.user_phrases.push_back(Phrase{label, text, value});
  opts.user_lists_fold_case = fold_case;
  opts.patterns_json = patterns_json;
  py::gil_scoped_release nogil;  // reads the list files
  return Ruler{EntityRuler::create(opts), user_labels};
}

py::list entity_tuples(const std::vector<Entity>& ents) {
  py::list out;
  for (const auto& e : ents) {
    py::object value = py::none();
    if (!e.value.empty()) value = py::str(e.value);
    out.append(py::make_tuple(e.tok_begin, e.tok_end, py::str(e.label), e.score, entity_source_name(e.source),
                              value));
  }
  return out;
}

/// The per-text dates of a batch: None (none), one str for all, or a sequence of str/None.
std::vector<std::string> batch_dates(py::handle dates, std::size_t n) {
  std::vector<std::string> out(n);
  if (dates.is_none()) return out;
  if (PyUnicode_Check(dates.ptr())) {
    std::string d = check_date(dates.cast<std::string>());
    for (auto& s : out) s = d;
    return out;
  }
  auto seq = py::reinterpret_steal<py::list>(PySequence_List(dates.ptr()));
  if (!seq) throw py::type_error("dates must be None, a str, or a sequence of str/None");
  if (seq.size() != n)
    throw std::invalid_argument("dates has " + std::to_string(seq.size()) + " items for " + std::to_string(n) +
                                " texts");
  for (std::size_t i = 0; i < n; ++i)
    if (!seq[i].is_none()) out[i] = check_date(seq[i].cast<std::string>());
  return out;
}

const EntityRecognizer* model_of(const std::optional<Recognizer>& r) { return r ? r->model.get() : nullptr; }

Doc process_one(const Ruler& self, const Tokenizer& tok, const std::optional<Recognizer>& ner, py::handle text,
                const std::string& date) {
  check_date(date);
  const EntityRecognizer* model = model_of(ner);
  return process_text(tok, text, [&](Doc& doc) {
    if (!date.empty()) doc.set_meta("date", date);
    if (model != nullptr) model->annotate(doc);
    self.ruler->annotate(doc);
  });
}

py::list process_many(const Ruler& self, const Tokenizer& tok, const std::optional<Recognizer>& ner,
                      py::handle texts, int threads, std::size_t first_index, py::handle dates) {
  int n_threads = resolve_num_threads(threads);  // ValueError for a negative count, before any work
  std::vector<TextArg> args = batch_text_args(texts, tok, "process_batch");
  std::vector<std::string> date_of = batch_dates(dates, args.size());
  const EntityRecognizer* model = model_of(ner);
  const EntityRuler& ruler = *self.ruler;
  return process_texts(tok, args, n_threads, first_index, [&](Doc& doc, std::size_t i) {
    if (!date_of[i].empty()) doc.set_meta("date", date_of[i]);
    if (model != nullptr) model->annotate(doc);
    ruler.annotate(doc);
  });
}

Doc annotate_copy(const Ruler& self, const Doc& doc, const std::optional<Recognizer>& ner, const std::string& date) {
  check_date(date);
  Doc copy = doc;  // copied under the GIL: Doc.set_meta may run in another Python thread
  const EntityRecognizer* model = model_of(ner);
  {
    py::gil_scoped_release nogil;
    if (!date.empty()) copy.set_meta("date", date);
    if (model != nullptr) model->annotate(copy);
    self.ruler->annotate(copy);
  }
  return copy;
}

py::list find(const Ruler& self, const Doc& doc) {
  Doc copy = doc;
  std::vector<Entity> ents;
  {
    py::gil_scoped_release nogil;
    ents = self.ruler->find(copy);
  }
  return entity_tuples(ents);
}

std::vector<std::string> ruler_labels(const Ruler& self) {
  std::vector<std::string> out = self.ruler->labels();
  for (const auto& l : self.user_labels)
    if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void register_rules(py::module_& m) {
  py::class_<Ruler>(m, "EntityRuler",
                    "The rule stage of the entity pipeline: numeric and temporal recognisers with normalised\n"
                    "values, gazetteers (GPE, LOC, NORP; titles trim PERSON spans) and user token patterns,\n"
                    "merged with the Doc's entities by the documented policy (docs/entities.md).\n\n"
                    "Immutable and thread-safe; matching releases the GIL. Use byline.load() for the\n"
                    "Python pipeline on top of it.")
      .def(py::init(&create), py::kw_only(), py::arg("resource_dir") = "", py::arg("patterns_json") = "",
           py::arg("numbers") = true, py::arg("dates") = true,
           py::arg("user_lists") = std::vector<std::string>{},
           py::arg("user_phrases") = std::vector<std::tuple<std::string, std::string, std::string>>{},
           py::arg("fold_case") = false, py::arg("user_labels") = std::vector<std::string>{},
           "Build a ruler. resource_dir: directory with gpe.txt, loc.txt, norp.txt, titles.txt ('' = no\n"
           "gazetteers); patterns_json: user token patterns (TokenMatcher JSON); user_lists: phrase-list\n"
           "files (LABEL<TAB>phrase lines); user_phrases: (label, text, value_json) tuples; fold_case:\n"
           "match user lists case-insensitively; user_labels: labels the user patterns add (for .labels).\n"
           "ConfigError for a bad pattern or list line, ModelError for an unreadable file.")
      .def("process", &process_one, py::arg("tokenizer"), py::arg("recognizer"), py::arg("text"),
           py::arg("date") = "",
           "Tokenize `text`, set meta 'date' (anchor of relative dates; '' = none), add the entities of\n"
           "`recognizer` (None = no model) and the rules; returns a Doc. ValueError for a bad date.")
      .def("process_batch", &process_many, py::arg("tokenizer"), py::arg("recognizer"), py::arg("texts"),
           py::arg("threads") = 0, py::arg("first_index") = 0, py::arg("dates") = py::none(),
           "process() for many texts on `threads` C++ threads (0 = all cores); Docs in input order.\n\n"
           "dates: None, one ISO date for every text, or a sequence of str/None parallel to `texts`.\n"
           "If any text fails, the error of the first failing text (by position) is raised; its\n"
           "message names it as 'text {first_index + position}'.")
      .def("annotate", &annotate_copy, py::arg("doc"), py::arg("recognizer") = py::none(), py::arg("date") = "",
           "A copy of `doc` with the model's (if `recognizer` is given) and the rules' entities merged in;\n"
           "`date` (if given) is set as meta 'date' first. `doc` is unchanged.")
      .def("find", &find, py::arg("doc"),
           "All rule candidates for `doc` (overlaps allowed, no merging) as (tok_begin, tok_end, label,\n"
           "score, source, value_json_or_None) tuples.")
      .def_property_readonly("labels", &ruler_labels,
                             "The labels the ruler can assign (built-in and user), sorted.")
      .def("__repr__", [](const Ruler& self) {
        return "<byline._core.EntityRuler labels=" + std::to_string(ruler_labels(self).size()) + ">";
      });

  m.def(
      "parse_date",
      [](const std::string& iso) -> py::object {
        DateAnchor a = DateAnchor::parse(iso);
        if (!a.valid()) return py::none();
        return py::make_tuple(a.year, a.month, a.day);
      },
      py::arg("iso"), "(year, month, day) of an ISO date 'yyyy-mm-dd' as the rules parse it, or None.");
}

}  // namespace byline::python
