// bindings.h — private declarations shared by the byline._core translation units.
//
// The bindings are a thin layer over the public C++ API (cpp/include/byline/*.h):
// convert arguments under the GIL, release it around the C++ work, build Python
// objects after re-acquiring it. Core structs never hold py::object.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace byline::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_doc(py::module_& m);
void register_tokenizer(py::module_& m);
void register_ner(py::module_& m);
void register_rules(py::module_& m);
void register_analysis(py::module_& m);
void register_jsonl(py::module_& m);
void register_pipeline(py::module_& m);

/// The Python-visible recognizer (_core.EntityRecognizer): a shared handle on an
/// immutable model. Defined here because _core.Pipeline hands out its stages.
struct Recognizer {
  std::shared_ptr<const EntityRecognizer> model;
};

/// The Python-visible rule stage (_core.EntityRuler): a shared handle on an immutable ruler.
struct Ruler {
  std::shared_ptr<const EntityRuler> ruler;
};

/// A `str` or `bytes` argument as UTF-8 bytes, converted under the GIL.
///
/// `str` is encoded to UTF-8 (zero-copy for ASCII strings). A `str` holding lone
/// surrogates cannot be encoded: with `replace_surrogates` each one becomes U+FFFD
/// and `replaced` is set; otherwise byline::EncodingError is thrown naming the
/// index. `bytes` pass through untouched, so invalid UTF-8 reaches the C++ check.
/// Anything else raises TypeError.
///
/// THREAD SAFETY: view() stays valid (also without the GIL) while the TextArg lives.
class TextArg {
 public:
  TextArg(py::handle obj, bool replace_surrogates);

  std::string_view view() const noexcept {
    return owned_ ? std::string_view(storage_) : std::string_view(data_, size_);
  }
  /// True when the text was rewritten here (lone surrogates -> U+FFFD).
  bool replaced() const noexcept { return replaced_; }
  /// True when storage() holds the bytes (it may then be moved out once).
  bool owned() const noexcept { return owned_; }
  std::string& storage() noexcept { return storage_; }

 private:
  py::object owner_;  // keeps the str/bytes (or the temporary UTF-8 bytes) alive
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string storage_;
  bool owned_ = false;
  bool replaced_ = false;
};

/// The buffer of a `bytes` object, without a copy; valid while the caller holds `data`
/// (also with the GIL released).
inline std::string_view bytes_view(const py::bytes& data) {
  char* buffer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &buffer, &size) != 0) throw py::error_already_set();
  return std::string_view(buffer, static_cast<std::size_t>(size));
}

/// The UTF-8 policy named by an `errors` argument: "strict" or "replace" (ValueError otherwise).
Utf8Policy parse_errors(const std::string& errors);

/// True when `tok` replaces invalid UTF-8 (and so lone surrogates) instead of raising.
inline bool replaces(const Tokenizer& tok) { return tok.options().utf8 == Utf8Policy::kReplace; }

/// The items of the `texts` argument of a batch call as a list: TypeError naming `function`
/// for a single str/bytes, TypeError for a non-iterable.
py::list batch_text_items(py::handle texts, const char* function);

/// The texts of a batch call, converted under the GIL with `tok`'s policy for lone
/// surrogates. `texts` is an iterable of str/bytes; a single str/bytes raises
/// TypeError naming `function` ("tokenize_batch", "process_batch"), a non-iterable
/// raises TypeError, and an item that is no text (TypeError) or holds a lone surrogate
/// (EncodingError) is named "text N: ", N counted from `first_index`.
std::vector<TextArg> batch_text_args(py::handle texts, const Tokenizer& tok, const char* function,
                                     std::size_t first_index = 0);

/// Tokenizes one text with `tok` and runs `annotate(Doc&)` on it, with the GIL
/// released; marks the Doc when lone surrogates were replaced. Tokenizer.tokenize()
/// and Pipeline.process().
template <class Annotate>
Doc process_text(const Tokenizer& tok, py::handle text, Annotate&& annotate) {
  TextArg arg(text, replaces(tok));
  Doc doc;
  {
    py::gil_scoped_release nogil;
    doc = arg.owned() ? tok.tokenize(std::move(arg.storage())) : tok.tokenize(arg.view());
    annotate(doc);
  }
  if (arg.replaced()) doc.set_utf8_replaced(true);
  return doc;
}

}  // namespace byline::python
