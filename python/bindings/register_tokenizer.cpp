// register_tokenizer.cpp — byline._core.Tokenizer and text argument conversion.
//
//   >>> tok = _core.Tokenizer(errors="replace", sentences=True)
//   >>> tok.tokenize(b"caf\xe9")                       # -> _core.Doc, utf8_replaced=True
//   >>> tok.tokenize_batch(["a b", "c"], threads=0)    # C++ thread pool, GIL released
//
// Arguments are converted under the GIL; tokenization runs with the GIL released;
// Python objects are built after it is re-acquired.
//
// THREAD SAFETY: a Tokenizer is immutable; any number of Python threads may call it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings.h"
#include "byline/errors.h"
#include "byline/tokenizer.h"

namespace byline::python {
namespace {

void append_utf8(std::string& out, Py_UCS4 c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool is_surrogate(Py_UCS4 c) { return c >= 0xD800 && c <= 0xDFFF; }

const char* policy_name(Utf8Policy p) { return p == Utf8Policy::kStrict ? "strict" : "replace"; }

Doc tokenize_one(const Tokenizer& tok, py::handle text) {
  return process_text(tok, text, [](Doc&) {});
}

py::list tokenize_many(const Tokenizer& tok, py::handle texts, int threads) {
  resolve_num_threads(threads);  // ValueError for a negative count, before any work
  std::vector<TextArg> args = batch_text_args(texts, tok, "tokenize_batch");
  std::vector<std::string_view> views;
  views.reserve(args.size());
  for (const auto& a : args) views.push_back(a.view());

  std::vector<Doc> docs;
  {
    py::gil_scoped_release nogil;
    docs = tokenize_batch(tok, views, threads);
  }
  py::list out(docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (args[i].replaced()) docs[i].set_utf8_replaced(true);
    out[i] = py::cast(std::move(docs[i]));
  }
  return out;
}

}  // namespace

Utf8Policy parse_errors(const std::string& errors) {
  if (errors == "strict") return Utf8Policy::kStrict;
  if (errors == "replace") return Utf8Policy::kReplace;
  throw std::invalid_argument("errors must be 'strict' or 'replace', not '" + errors + "'");
}

TextArg::TextArg(py::handle obj, bool replace_surrogates) {
  PyObject* o = obj.ptr();
  if (PyBytes_Check(o)) {
    owner_ = py::reinterpret_borrow<py::object>(obj);
    data_ = PyBytes_AS_STRING(o);
    size_ = static_cast<std::size_t>(PyBytes_GET_SIZE(o));
    return;
  }
  if (!PyUnicode_Check(o)) throw py::type_error(std::string("text must be str or bytes, not ") + Py_TYPE(o)->tp_name);
  if (PyUnicode_IS_ASCII(o)) {  // the UTF-8 form is the str's own buffer: no copy
    Py_ssize_t n = 0;
    data_ = PyUnicode_AsUTF8AndSize(o, &n);
    if (data_ == nullptr) throw py::error_already_set();
    owner_ = py::reinterpret_borrow<py::object>(obj);
    size_ = static_cast<std::size_t>(n);
    return;
  }
  // A temporary bytes object, so the str does not keep a cached UTF-8 copy forever.
  PyObject* encoded = PyUnicode_AsUTF8String(o);
  if (encoded != nullptr) {
    owner_ = py::reinterpret_steal<py::object>(encoded);
    data_ = PyBytes_AS_STRING(encoded);
    size_ = static_cast<std::size_t>(PyBytes_GET_SIZE(encoded));
    return;
  }
  if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) throw py::error_already_set();
  PyErr_Clear();
  // Lone surrogates: encode by hand, either failing at the first or replacing each.
  const Py_ssize_t len = PyUnicode_GET_LENGTH(o);
  const int kind = PyUnicode_KIND(o);
  const void* chars = PyUnicode_DATA(o);
  storage_.reserve(static_cast<std::size_t>(len) + 8);
  for (Py_ssize_t i = 0; i < len; ++i) {
    Py_UCS4 c = PyUnicode_READ(kind, chars, i);
    if (is_surrogate(c)) {
      if (!replace_surrogates) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(c));
        throw EncodingError("str contains a lone surrogate U+" + std::string(hex) + " at index " + std::to_string(i) +
                                " (UTF-8 byte " + std::to_string(storage_.size()) +
                                "), which is not valid Unicode; fix the text or load with errors='replace' "
                                "(byline.load, byline.Tokenizer)",
                            storage_.size());
      }
      c = 0xFFFD;
      replaced_ = true;
    }
    append_utf8(storage_, c);
  }
  owned_ = true;
}

void register_tokenizer(py::module_& m) {
  py::class_<Tokenizer>(m, "Tokenizer",
                        "Rule-based, lossless tokenizer and sentence splitter for news text.\n\n"
                        "Immutable and thread-safe; tokenize() releases the GIL.")
      .def(py::init([](const std::string& errors, bool sentences) {
             TokenizerOptions opts;
             opts.utf8 = parse_errors(errors);
             opts.split_sentences = sentences;
             return std::make_unique<Tokenizer>(opts);
           }),
           py::kw_only(), py::arg("errors") = "strict", py::arg("sentences") = true,
           "errors: 'strict' (EncodingError on invalid UTF-8) or 'replace' (U+FFFD).\n"
           "sentences: split sentences and paragraphs (else the text is one of each).")
      .def_property_readonly(
          "errors", [](const Tokenizer& t) { return policy_name(t.options().utf8); }, "The UTF-8 error policy.")
      .def_property_readonly(
          "sentences", [](const Tokenizer& t) { return t.options().split_sentences; },
          "Whether sentences and paragraphs are split.")
      .def("tokenize", &tokenize_one, py::arg("text"), "Tokenize one text (str or bytes) into a Doc.")
      .def("tokenize_batch", &tokenize_many, py::arg("texts"), py::arg("threads") = 0,
           "Tokenize many texts on `threads` C++ threads (0 = all cores); results in input order.")
      .def(
          "explain",
          [](const Tokenizer& t, py::handle text) {
            TextArg arg(text, replaces(t));
            std::vector<ExplainStep> steps;
            {
              py::gil_scoped_release nogil;
              steps = t.explain(arg.view());
            }
            py::list out(steps.size());
            for (std::size_t i = 0; i < steps.size(); ++i)
              out[i] = py::make_tuple(py::str(steps[i].text), py::str(steps[i].rule));
            return out;
          },
          py::arg("text"), "The tokens of `text` with the rule that produced each, as (text, rule) pairs.")
      .def("__repr__", [](const Tokenizer& t) {
        return std::string("<byline._core.Tokenizer errors='") + policy_name(t.options().utf8) +
               "' sentences=" + (t.options().split_sentences ? "True" : "False") + ">";
      });

  m.def("resolve_num_threads", &resolve_num_threads, py::arg("threads"),
        "Number of threads a `threads` argument resolves to (0 = all cores, or 1 when "
        "BYLINE_PARALLELISM is '0'/'false'). ValueError when negative.");
}

py::list batch_text_items(py::handle texts, const char* function) {
  if (PyUnicode_Check(texts.ptr()) || PyBytes_Check(texts.ptr()))
    throw py::type_error(std::string(function) + "() expects an iterable of str/bytes, not a single str/bytes");
  PyObject* seq = PySequence_List(texts.ptr());  // TypeError when not iterable
  if (seq == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::list>(seq);
}

std::vector<TextArg> batch_text_args(py::handle texts, const Tokenizer& tok, const char* function,
                                     std::size_t first_index) {
  py::list items = batch_text_items(texts, function);
  std::vector<TextArg> args;
  args.reserve(items.size());
  auto which = [&] { return "text " + std::to_string(first_index + args.size()) + ": "; };
  for (py::handle item : items) {
    try {
      args.emplace_back(item, replaces(tok));
    } catch (const py::type_error& e) {
      throw py::type_error(which() + e.what());
    } catch (const EncodingError& e) {
      throw EncodingError(which() + e.what(), e.byte_offset());
    }
  }
  return args;
}

}  // namespace byline::python
