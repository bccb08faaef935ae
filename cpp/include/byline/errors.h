// byline/errors.h — the exception hierarchy.
//
//   try {
//     byline::Doc doc = tokenizer.tokenize(bytes);
//   } catch (const byline::EncodingError& e) {
//     std::cerr << e.what() << " at byte " << e.byte_offset() << "\n";
//   } catch (const byline::Error& e) { ... }
//
// Every error byline raises derives from byline::Error (itself a std::runtime_error).
// The Python bindings map each class to an exception of the same name under
// byline.BylineError. Argument errors that are plainly the caller's (an index out
// of range, a negative thread count) use std::out_of_range / std::invalid_argument,
// which Python sees as IndexError / ValueError.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace byline {

/// Base class of every byline error.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Input text that byline refuses to process as given (e.g. too large).
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message) {}
};

/// Input bytes that are not valid UTF-8. byte_offset() is the first bad byte.
class EncodingError : public InputError {
 public:
  EncodingError(const std::string& message, std::size_t byte_offset) : InputError(message), byte_offset_(byte_offset) {}
  std::size_t byte_offset() const noexcept { return byte_offset_; }

 private:
  std::size_t byte_offset_;
};

/// A model or data file that is missing, truncated, corrupted or of an unsupported version.
class ModelError : public Error {
 public:
  explicit ModelError(const std::string& message) : Error(message) {}
};

/// Invalid configuration: unknown option, bad pattern definition, inconsistent settings.
class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(message) {}
};

/// A serialised document (JSON) that does not follow the byline.doc schema.
class FormatError : public Error {
 public:
  explicit FormatError(const std::string& message) : Error(message) {}
};

}  // namespace byline
