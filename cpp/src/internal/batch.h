// Helpers for batch processing (private; also used by the Python bindings).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "byline/errors.h"
#include "byline/tokenizer.h"

namespace byline::internal {

/// tokenizer.tokenize(text), with errors prefixed "text <index>: " so that the
/// caller of a batch learns which text failed.
inline Doc tokenize_numbered(const Tokenizer& tokenizer, std::string_view text, std::size_t index) {
  try {
    return tokenizer.tokenize(text);
  } catch (const EncodingError& e) {
    throw EncodingError("text " + std::to_string(index) + ": " + e.what(), e.byte_offset());
  } catch (const InputError& e) {
    throw InputError("text " + std::to_string(index) + ": " + e.what());
  }
}

}  // namespace byline::internal
