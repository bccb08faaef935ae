// module.cpp — byline._core, the compiled half of the `byline` Python package.
//
//   >>> from byline import _core
//   >>> _core.Tokenizer().tokenize("Putin’s directive.").to_json()
//
// Users import `byline`; python/byline/__init__.py re-exports from here and wraps the
// raw Doc in pure-Python views (python/byline/doc.py).
#include <pybind11/pybind11.h>

#include <string>

#include "bindings.h"
#include "byline/doc.h"
#include "byline/logging.h"
#include "byline/version.h"

namespace byline::python {
namespace {

const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "warn";
}

}  // namespace
}  // namespace byline::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  using namespace byline::python;
  m.doc() =
      "byline._core: compiled bindings of the byline C++ tokenizer, entity recognizer, entity ruler and article "
      "analysis (use the `byline` package).";

  register_errors(m);
  register_doc(m);
  register_tokenizer(m);
  register_ner(m);
  register_rules(m);
  register_analysis(m);
  register_jsonl(m);
  register_pipeline(m);

  m.attr("__version__") = byline::version();

  py::tuple kinds(byline::kNumTokenKinds);
  for (int i = 0; i < byline::kNumTokenKinds; ++i)
    kinds[static_cast<std::size_t>(i)] = py::str(byline::token_kind_name(static_cast<byline::TokenKind>(i)));
  m.attr("TOKEN_KINDS") = kinds;
  m.attr("SPACE_AFTER") = static_cast<int>(byline::kSpaceAfter);
  m.attr("SENT_START") = static_cast<int>(byline::kSentStart);
  m.attr("PARA_START") = static_cast<int>(byline::kParaStart);

  m.def(
      "set_log_level", [](const std::string& name) { byline::set_log_level(byline::parse_log_level(name)); },
      py::arg("level"),
      "Set the level of byline's logger ('trace', 'debug', 'info', 'warn', 'error', 'off').\n\n"
      "Raises ConfigError for any other name. byline logs to stderr only.");
  m.def(
      "get_log_level", []() { return std::string(log_level_name(byline::get_log_level())); },
      "The current level of byline's logger, as a lower-case name.");
}
