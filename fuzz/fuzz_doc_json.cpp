// Fuzzes Doc::from_json: any input either parses into a Doc that serialises back
// to an equivalent document, or raises byline::FormatError. Nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "byline/byline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 16)) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    byline::Doc doc = byline::Doc::from_json(input);
    std::string again = byline::Doc::from_json(doc.to_json()).to_json();
    if (again != doc.to_json()) __builtin_trap();
  } catch (const byline::FormatError&) {
  }
  return 0;
}
