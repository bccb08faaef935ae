// register_errors.cpp — the byline::Error hierarchy as Python exceptions.
//
//   BylineError(Exception)                 byline::Error
//   ├── InputError(BylineError, ValueError)    byline::InputError
//   │   └── EncodingError(InputError)          byline::EncodingError (.byte_offset)
//   ├── ModelError(BylineError)                byline::ModelError
//   ├── ConfigError(BylineError, ValueError)   byline::ConfigError
//   └── FormatError(BylineError, ValueError)   byline::FormatError
//
// The classes are named byline.<Name> (the package re-exports them), so they print
// and pickle under the public name. std::invalid_argument / std::out_of_range keep
// pybind11's default mapping to ValueError / IndexError.
#include <Python.h>

#include <cstring>

#include "bindings.h"
#include "byline/errors.h"

namespace byline::python {
namespace {

// Module-lifetime references (the types are also attributes of the module).
PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_encoding_error = nullptr;
PyObject* g_model_error = nullptr;
PyObject* g_config_error = nullptr;
PyObject* g_format_error = nullptr;

PyObject* new_exception(py::module_& m, const char* name, const char* doc, py::handle bases) {
  std::string qualified = std::string("byline.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module takes its own reference; we keep ours
  return type;
}

/// The message as a str: bytes that are not UTF-8 (part of a bad input echoed in the
/// message) become backslash escapes instead of hiding the error behind a decoding one.
PyObject* message(const char* what) {
  return PyUnicode_DecodeUTF8(what, static_cast<Py_ssize_t>(std::strlen(what)), "backslashreplace");
}

void set_error(PyObject* type, const std::exception& e) {
  PyObject* msg = message(e.what());
  if (msg == nullptr) return;  // the failed call left its own error set
  PyErr_SetObject(type, msg);
  Py_DECREF(msg);
}

}  // namespace

void register_errors(py::module_& m) {
  py::handle value_error(PyExc_ValueError);
  g_error = new_exception(m, "BylineError", "Base class of every error byline raises.", py::handle(PyExc_Exception));
  g_input_error = new_exception(m, "InputError", "Input text that byline refuses to process as given (e.g. too large).",
                                py::make_tuple(py::handle(g_error), value_error));
  g_encoding_error = new_exception(m, "EncodingError",
                                   "Input that is not valid UTF-8 (bytes), or a str with lone surrogates.\n\n"
                                   "Attribute ``byte_offset`` is the offset of the first bad byte in the UTF-8 input.",
                                   py::handle(g_input_error));
  g_model_error =
      new_exception(m, "ModelError", "A model or data file that is missing, corrupted or of an unsupported version.",
                    py::handle(g_error));
  g_config_error = new_exception(m, "ConfigError", "Invalid configuration (unknown option, bad setting).",
                                 py::make_tuple(py::handle(g_error), value_error));
  g_format_error =
      new_exception(m, "FormatError", "A serialised document (JSON) that does not follow the byline.doc schema.",
                    py::make_tuple(py::handle(g_error), value_error));

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const byline::EncodingError& e) {
      PyObject* msg = message(e.what());
      if (msg == nullptr) return;
      PyObject* exc = PyObject_CallFunctionObjArgs(g_encoding_error, msg, nullptr);
      Py_DECREF(msg);
      if (exc == nullptr) return;  // the failed call left its own error set
      PyObject* offset = PyLong_FromSize_t(e.byte_offset());
      if (offset == nullptr || PyObject_SetAttrString(exc, "byte_offset", offset) != 0) {
        Py_XDECREF(offset);
        Py_DECREF(exc);
        return;
      }
      Py_DECREF(offset);
      PyErr_SetObject(g_encoding_error, exc);
      Py_DECREF(exc);
    } catch (const byline::InputError& e) {
      set_error(g_input_error, e);
    } catch (const byline::ModelError& e) {
      set_error(g_model_error, e);
    } catch (const byline::ConfigError& e) {
      set_error(g_config_error, e);
    } catch (const byline::FormatError& e) {
      set_error(g_format_error, e);
    } catch (const byline::Error& e) {
      set_error(g_error, e);
    }
  });
}

}  // namespace byline::python
