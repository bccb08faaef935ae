// Fuzzes EntityRecognizer::load_from_buffer. The first input byte is a control byte:
// when it is odd, the header of the model bytes after it is re-signed (payload size and
// checksum fixed up) so that mutations reach the section parser behind the checksum.
// Any input either loads into a model that tags a fixed Doc and survives a
// serialize/load round trip unchanged, or raises a byline::Error (ModelError).
// Anything else (another exception, a crash, UB, a leak) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "byline/byline.h"
#include "byline/ner.h"
#include "ner/model.h"  // private: checksum64, to re-sign mutated payloads

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) && bytes.size() >= 24) {
    const std::uint64_t psize = bytes.size() - 24;
    const std::uint64_t sum = byline::ner::checksum64(bytes.data() + 24, bytes.size() - 24);
    std::memcpy(&bytes[8], &psize, 8);
    std::memcpy(&bytes[16], &sum, 8);
  }
  static const byline::Doc doc = byline::Tokenizer().tokenize(
      std::string_view("John Smith flew to Paris for Acme Corp.\n\nThe shares of Acme rose in Lima on Monday."));
  try {
    auto model = byline::EntityRecognizer::load_from_buffer(bytes);
    check(model->predict_tags(doc).size() == doc.size());
    byline::Doc d = doc;
    model->annotate(d);
    for (const auto& e : d.entities()) check(e.tok_begin < e.tok_end && e.tok_end <= d.size());
    (void)model->info_json();
    const std::string again = model->serialize();
    check(byline::EntityRecognizer::load_from_buffer(again)->serialize() == again);
  } catch (const byline::Error&) {
  }
  return 0;
}
