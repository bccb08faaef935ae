// register_rules.cpp — byline._core.EntityRuler: numeric/temporal recognisers,
// gazetteers and user patterns (cpp/include/byline/rules.h), as a stage on its own
// (_core.Pipeline runs it after the model).
//
//   >>> ruler = _core.EntityRuler(resource_dir="byline/models/en_news/gazetteers",
//   ...                           patterns_json='[{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}]')
//   >>> ruler.find(doc)                                           # candidates, no merging
//
// Arguments are converted under the GIL; matching runs with it released.
//
// THREAD SAFETY: an EntityRuler is immutable (a std::shared_ptr<const byline::EntityRuler>);
// any number of Python or C++ threads may use one at once.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/errors.h"
#include "byline/rules.h"

namespace byline::python {
namespace {

Ruler create(const std::string& resource_dir, const std::string& patterns_json, bool numbers, bool dates,
             const std::vector<std::string>& user_lists,
             const std::vector<std::tuple<std::string, std::string, std::string>>& user_phrases, bool fold_case) {
  RulerOptions opts;
  opts.numbers = numbers;
  opts.dates = dates;
  opts.resource_dir = resource_dir;
  opts.user_lists = user_lists;
  for (const auto& [label, text, value] : user_phrases) opts.user_phrases.push_back(Phrase{label, text, value});
  opts.user_lists_fold_case = fold_case;
  opts.patterns_json = patterns_json;
  py::gil_scoped_release nogil;  // reads the list files
  return Ruler{EntityRuler::create(opts)};
}

py::list entity_tuples(const std::vector<Entity>& ents) {
  py::list out;
  for (const auto& e : ents) {
    py::object value = py::none();
    if (!e.value.empty()) value = py::str(e.value);
    out.append(py::make_tuple(e.tok_begin, e.tok_end, py::str(e.label), e.score, entity_source_name(e.source), value));
  }
  return out;
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
  for (const auto& l : self.ruler->user_labels())
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
                    "Immutable and thread-safe; matching releases the GIL. _core.Pipeline runs it after the\n"
                    "model; use byline.load() for the Python pipeline on top of it.")
      .def(py::init(&create), py::kw_only(), py::arg("resource_dir") = "", py::arg("patterns_json") = "",
           py::arg("numbers") = true, py::arg("dates") = true, py::arg("user_lists") = std::vector<std::string>{},
           py::arg("user_phrases") = std::vector<std::tuple<std::string, std::string, std::string>>{},
           py::arg("fold_case") = false,
           "Build a ruler. resource_dir: directory with gpe.txt, loc.txt, norp.txt, titles.txt ('' = no\n"
           "gazetteers); patterns_json: user token patterns (TokenMatcher JSON); user_lists: phrase-list\n"
           "files (LABEL<TAB>phrase lines); user_phrases: (label, text, value_json) tuples; fold_case:\n"
           "match user lists case-insensitively.\n"
           "ConfigError for a bad pattern or list line, ModelError for an unreadable file.")
      .def("find", &find, py::arg("doc"),
           "All rule candidates for `doc` (overlaps allowed, no merging) as (tok_begin, tok_end, label,\n"
           "score, source, value_json_or_None) tuples.")
      .def_property_readonly("labels", &ruler_labels, "The labels the ruler can assign (built-in and user), sorted.")
      .def("__repr__", [](const Ruler& self) {
        return "<byline._core.EntityRuler labels=" + std::to_string(ruler_labels(self).size()) + ">";
      });

  m.def(
      "read_phrase_list",
      [](const std::string& path) {
        std::vector<Phrase> phrases;
        {
          py::gil_scoped_release nogil;
          phrases = read_phrase_list(path);
        }
        auto str = [&](const std::string& s) {
          PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
          if (o == nullptr) {
            PyErr_Clear();
            throw ConfigError("phrases: " + path + " is not UTF-8");
          }
          return py::reinterpret_steal<py::str>(o);
        };
        py::list out;
        for (const auto& p : phrases) out.append(py::make_tuple(str(p.label), str(p.text), str(p.value)));
        return out;
      },
      py::arg("path"),
      "The (label, phrase, value_json) entries of a phrase list file (byline::read_phrase_list:\n"
      "LABEL<TAB>phrase[<TAB>json value] lines, blank and '#' lines skipped). ConfigError naming the\n"
      "path and line for an unreadable file or a malformed line.");
  m.def(
      "read_pattern_file",
      [](const std::string& path) {
        std::string text;
        {
          py::gil_scoped_release nogil;
          text = read_pattern_file(path);
        }
        return py::bytes(text);
      },
      py::arg("path"), "The bytes of a pattern file (a regular file of at most 256 MiB; ConfigError otherwise).");
  m.def(
      "parse_date",
      [](const std::string& iso) -> py::object {
        DateAnchor a = DateAnchor::parse(iso);
        if (!a.valid()) return py::none();
        return py::make_tuple(a.year, a.month, a.day);
      },
      py::arg("iso"),
      "(year, month, day) of a document date as byline::DateAnchor::parse reads it (ISO 8601 date or date-time,\n"
      "RFC 2822 date), or None.");
  m.def("parse_date_error", &DateAnchor::parse_error, py::arg("text"),
        "Why parse_date(text) gives None, for an error message (byline::DateAnchor::parse_error): '' when it\n"
        "gives a date, '2025-01-02 is a Thursday, not a Monday' for a weekday that contradicts the date, else\n"
        "the forms it reads.");
}

}  // namespace byline::python
