// register_jsonl.cpp — _core.JsonlParser: one JSON Lines article line at a time
// (byline/jsonl.h parse_article_line), used by byline.read_jsonl.
//
//   >>> p = _core.JsonlParser(text="body")
//   >>> p.parse('{"body": "Hi.", "id": 7, "title": "T"}', 1)
//   ('Hi.', {'title': 'T'}, {'id': '7'}, False)
//   >>> p.parse("   ", 2) is None                # blank line
//   >>> _core.JsonlParser(errors="replace").parse(b'{"text": "caf\xe9"}', 3)
//   ('caf\ufffd', {}, {}, True)
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include "bindings.h"
#include "byline/jsonl.h"

namespace byline::python {
namespace {

struct JsonlParser {
  ArticleFields fields;
  Utf8Policy utf8 = Utf8Policy::kStrict;
};

void put(py::dict& strings, py::dict& others, const char* name, const std::optional<RecordValue>& v) {
  if (!v) return;
  (v->is_string ? strings : others)[name] = py::str(v->value);
}

}  // namespace

void register_jsonl(py::module_& m) {
  py::class_<JsonlParser>(m, "JsonlParser",
                          "Parses JSON Lines article lines with a field-name mapping (byline/jsonl.h).")
      .def(py::init([](std::string text, std::string id, std::string title, std::string url, std::string source,
                       std::string published, std::string language, const std::string& errors) {
             return JsonlParser{ArticleFields{std::move(text), std::move(id), std::move(title), std::move(url),
                                              std::move(source), std::move(published), std::move(language)},
                                parse_errors(errors)};
           }),
           py::kw_only(), py::arg("text") = "text", py::arg("id") = "id", py::arg("title") = "title",
           py::arg("url") = "url", py::arg("source") = "source", py::arg("published") = "published",
           py::arg("language") = "language", py::arg("errors") = "strict",
           "errors: invalid UTF-8 and lone surrogate escapes in a line are an EncodingError ('strict') or\n"
           "become U+FFFD ('replace').")
      .def(
          "parse",
          [](const JsonlParser& p, py::handle line, std::size_t line_number) -> py::object {
            // A str read with errors="surrogateescape" gets its original bytes back, so
            // undecodable bytes are reported (or replaced) as invalid UTF-8 of this line.
            py::object escaped;
            if (PyUnicode_Check(line.ptr()) && !PyUnicode_IS_ASCII(line.ptr())) {
              PyObject* b = PyUnicode_AsEncodedString(line.ptr(), "utf-8", "surrogateescape");
              if (b != nullptr)
                escaped = py::reinterpret_steal<py::object>(b);
              else
                PyErr_Clear();  // other lone surrogates: TextArg raises EncodingError
            }
            const bool replace = p.utf8 == Utf8Policy::kReplace;
            TextArg arg(escaped ? escaped : line, replace);
            std::optional<ArticleRecord> rec;
            {
              py::gil_scoped_release nogil;
              rec = parse_article_line(arg.view(), p.fields, line_number, p.utf8);
            }
            if (!rec) return py::none();
            py::dict strings, others;
            put(strings, others, "id", rec->id);
            put(strings, others, "title", rec->title);
            put(strings, others, "url", rec->url);
            put(strings, others, "source", rec->source);
            put(strings, others, "published", rec->published);
            put(strings, others, "language", rec->language);
            // the key the date was read from (for errors about it)
            if (!rec->published_key.empty()) strings["_date_key"] = rec->published_key;
            // Lone surrogates of a str that are no surrogateescape bytes were replaced before
            // parsing, where the field they were in is not known: they count for the text.
            const bool replaced = rec->utf8_replaced || arg.replaced();
            return py::make_tuple(py::str(rec->text), strings, others, replaced);
          },
          py::arg("line"), py::arg("line_number"),
          "One line (str or UTF-8 bytes) -> (text, {attribute: str}, {attribute: JSON text of a non-string "
          "value}, utf8_replaced), or None for a blank line. Attributes are id, title, url, source, "
          "published, language; missing and null values are left out. utf8_replaced: errors='replace' put "
          "U+FFFD into the text. Raises FormatError (not JSON, not an object, no string text field, a date "
          "that is not a string) or EncodingError (invalid UTF-8, a lone surrogate escape; errors='strict'), "
          "naming 'line N'.");
}

}  // namespace byline::python
