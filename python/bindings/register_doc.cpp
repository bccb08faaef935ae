// register_doc.cpp — byline._core.Doc: the C++ Doc with bulk NumPy accessors.
//
//   >>> d = _core.Tokenizer().tokenize("Hi there.")
//   >>> d.token_offsets("char")            # int64 array of shape (n, 2), str indices
//   >>> d.token_kinds(), d.token_flags()   # uint8 arrays, no Python object per token
//
// The pure-Python facade (python/byline/doc.py) builds Token/Span views on top.
// Offsets are code-point ("char", Python str indices) or UTF-8 "byte" offsets.
//
// THREAD SAFETY: from Python a Doc is immutable except for set_meta(), which runs
// under the GIL; methods that read meta (to_json, meta) therefore keep the GIL.
// Methods that only read the token columns may release it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings.h"
#include "byline/doc.h"
#include "byline/errors.h"

namespace byline::python {
namespace {

enum class Unit { kChar, kByte };

Unit parse_unit(const std::string& unit) {
  if (unit == "char") return Unit::kChar;
  if (unit == "byte") return Unit::kByte;
  throw std::invalid_argument("unit must be 'char' or 'byte', not '" + unit + "'");
}

py::array_t<std::int64_t> pairs(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  auto n = static_cast<py::ssize_t>(a.size());
  py::array_t<std::int64_t> out({n, py::ssize_t{2}});
  auto r = out.mutable_unchecked<2>();
  for (py::ssize_t i = 0; i < n; ++i) {
    r(i, 0) = a[static_cast<std::size_t>(i)];
    r(i, 1) = b[static_cast<std::size_t>(i)];
  }
  return out;
}

py::array_t<std::int64_t> ranges(const std::vector<TokenRange>& rs) {
  auto n = static_cast<py::ssize_t>(rs.size());
  py::array_t<std::int64_t> out({n, py::ssize_t{2}});
  auto r = out.mutable_unchecked<2>();
  for (py::ssize_t i = 0; i < n; ++i) {
    r(i, 0) = rs[static_cast<std::size_t>(i)].begin;
    r(i, 1) = rs[static_cast<std::size_t>(i)].end;
  }
  return out;
}

/// Offsets of token ranges (sentences, paragraphs): start of the first token to end of the last.
py::array_t<std::int64_t> range_offsets(const Doc& d, const std::vector<TokenRange>& rs, Unit unit) {
  const auto& b = unit == Unit::kChar ? d.token_char_begin() : d.token_begin();
  const auto& e = unit == Unit::kChar ? d.token_char_end() : d.token_end();
  auto n = static_cast<py::ssize_t>(rs.size());
  py::array_t<std::int64_t> out({n, py::ssize_t{2}});
  auto r = out.mutable_unchecked<2>();
  for (py::ssize_t i = 0; i < n; ++i) {
    const TokenRange& tr = rs[static_cast<std::size_t>(i)];
    r(i, 0) = tr.begin < tr.end ? b[tr.begin] : 0;
    r(i, 1) = tr.begin < tr.end ? e[tr.end - 1] : 0;
  }
  return out;
}

template <class T>
py::array_t<T> column(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(T));
  return out;
}

py::str as_str(std::string_view s) { return py::str(s.data(), s.size()); }

py::dict meta_dict(const Doc& d) {
  py::dict out;
  for (const auto& [k, v] : d.meta()) out[as_str(k)] = as_str(v);
  return out;
}

Doc doc_from_json(py::handle source) {
  std::string json;
  if (PyUnicode_Check(source.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(source.ptr(), &size);
    if (data == nullptr) {
      PyErr_Clear();
      throw byline::FormatError("invalid byline.doc JSON: the str is not encodable as UTF-8 (lone surrogates)");
    }
    json.assign(data, static_cast<std::size_t>(size));
  } else if (PyBytes_Check(source.ptr()) || PyByteArray_Check(source.ptr())) {
    json = py::cast<std::string>(source);
  } else {
    throw py::type_error(std::string("Doc.from_json() expects str or bytes, not ") + Py_TYPE(source.ptr())->tp_name);
  }
  py::gil_scoped_release nogil;
  return Doc::from_json(json);
}

}  // namespace

void register_doc(py::module_& m) {
  py::class_<Doc> cls(m, "Doc", "A tokenized document (C++ columns). Use byline.Doc, the Python view on top of it.");
  cls.def_property_readonly(
         "text", [](const Doc& d) { return as_str(d.text()); }, "The document text (str).")
      .def_property_readonly(
          "text_bytes", [](const Doc& d) { return py::bytes(d.text()); }, "The document text as UTF-8 bytes.")
      .def_property_readonly("char_length", &Doc::char_length, "Length of the text in code points.")
      .def("__len__", &Doc::size, "Number of tokens.")
      .def(
          "token_offsets",
          [](const Doc& d, const std::string& unit) {
            return parse_unit(unit) == Unit::kChar ? pairs(d.token_char_begin(), d.token_char_end())
                                                   : pairs(d.token_begin(), d.token_end());
          },
          py::arg("unit") = "char", "Token offsets, int64 array of shape (n, 2): [start, end) per token.")
      .def(
          "token_kinds", [](const Doc& d) { return column(d.token_kind()); },
          "Token kinds, uint8 array of length n (indices into TOKEN_KINDS).")
      .def(
          "token_flags", [](const Doc& d) { return column(d.token_flags()); },
          "Token flag bits (SPACE_AFTER, SENT_START, PARA_START), uint8 array of length n.")
      .def(
          "space_after",
          [](const Doc& d) {
            const auto& f = d.token_flags();
            py::array_t<bool> out(static_cast<py::ssize_t>(f.size()));
            bool* p = out.mutable_data();
            for (std::size_t i = 0; i < f.size(); ++i) p[i] = (f[i] & kSpaceAfter) != 0;
            return out;
          },
          "Bool array of length n: True where a separator follows the token.")
      .def(
          "sentences", [](const Doc& d) { return ranges(d.sentences()); },
          "Sentence token ranges, int64 array of shape (m, 2).")
      .def(
          "paragraphs", [](const Doc& d) { return ranges(d.paragraphs()); },
          "Paragraph token ranges, int64 array of shape (m, 2).")
      .def(
          "sentence_offsets",
          [](const Doc& d, const std::string& unit) { return range_offsets(d, d.sentences(), parse_unit(unit)); },
          py::arg("unit") = "char", "Sentence text offsets, int64 array of shape (m, 2).")
      .def(
          "paragraph_offsets",
          [](const Doc& d, const std::string& unit) { return range_offsets(d, d.paragraphs(), parse_unit(unit)); },
          py::arg("unit") = "char", "Paragraph text offsets, int64 array of shape (m, 2).")
      .def(
          "entities",
          [](const Doc& d) {
            py::list out;
            for (std::size_t i = 0; i < d.num_entities(); ++i) {
              Entity e = d.entity(i);
              py::object value = py::none();
              if (!e.value.empty()) value = as_str(e.value);
              out.append(py::make_tuple(e.tok_begin, e.tok_end, as_str(e.label), e.score, entity_source_name(e.source),
                                        value));
            }
            return out;
          },
          "Entities as (tok_begin, tok_end, label, score, source, value_json_or_None) tuples.")
      .def_property_readonly("meta", &meta_dict, "A copy of the metadata (dict of str to str).")
      .def("set_meta", &Doc::set_meta, py::arg("key"), py::arg("value"), "Set one metadata entry.")
      .def_property_readonly("utf8_replaced", &Doc::utf8_replaced,
                             "True when invalid UTF-8 in the input was replaced by U+FFFD.")
      .def("set_utf8_replaced", &Doc::set_utf8_replaced, py::arg("value"),
           "Mark the text as repaired (U+FFFD replacing invalid UTF-8) before it got here, e.g. by\n"
           "a reader with errors='replace'.")
      .def(
          "char_offset", [](const Doc& d, std::uint32_t b) { return d.char_offset(b); }, py::arg("byte_offset"),
          "Byte offset -> code-point offset (IndexError inside a code point or past the end).")
      .def(
          "byte_offset", [](const Doc& d, std::uint32_t c) { return d.byte_offset(c); }, py::arg("char_offset"),
          "Code-point offset -> byte offset (IndexError past the end).")
      .def(
          "to_json",
          [](const Doc& d, py::object indent) {
            int ind = indent.is_none() ? -1 : py::cast<int>(indent);
            // Keeps the GIL: set_meta() from another thread must not race with reading meta.
            return as_str(d.to_json(ind));
          },
          py::arg("indent") = py::none(), "Serialise to JSON (schema byline.doc/1); indent=None is compact.")
      .def_static("from_json", &doc_from_json, py::arg("json"),
                  "Parse a byline.doc/1 JSON document (str or bytes); FormatError if it is invalid.")
      .def(py::pickle([](const Doc& d) { return py::make_tuple(as_str(d.to_json(-1))); },
                      [](py::tuple t) {
                        if (t.size() != 1) throw std::invalid_argument("invalid pickled byline Doc state");
                        return doc_from_json(t[0]);
                      }))
      .def("__repr__", [](const Doc& d) {
        return "<byline._core.Doc tokens=" + std::to_string(d.size()) + " chars=" + std::to_string(d.char_length()) +
               ">";
      });
}

}  // namespace byline::python
