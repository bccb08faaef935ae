// Fuzzes the JSON Lines article reader (byline/jsonl.h) with arbitrary bytes, in the
// strict and the recovery mode, under either UTF-8 policy (bit 2 of the first byte:
// Utf8Policy::kReplace, as `byline extract --errors replace` reads). Strict: records until
// the first bad line, which raises FormatError or EncodingError naming it (never
// EncodingError under kReplace, which repairs invalid UTF-8 and lone surrogate escapes).
// Recovery: never throws; every non-blank line is either a record or a skipped problem, in
// order, and the records and the first problem agree with the strict run. A record's text
// is valid UTF-8, and one marked utf8_replaced (kReplace only) holds a U+FFFD. Anything else
// is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "byline/errors.h"
#include "byline/jsonl.h"
#include "internal/utf8.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 16)) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  byline::JsonlOptions opts;
  if (size > 0 && (data[0] & 1)) opts.fields.text = "body";  // a second field mapping
  if (size > 0 && (data[0] & 4)) opts.utf8 = byline::Utf8Policy::kReplace;
  const bool replace = opts.utf8 == byline::Utf8Policy::kReplace;

  std::vector<std::size_t> strict_lines;
  std::size_t strict_error_line = 0;
  {
    std::istringstream in(input);
    byline::JsonlReader reader(in, opts);
    byline::ArticleRecord rec;
    try {
      while (reader.next(rec)) strict_lines.push_back(rec.line);
    } catch (const byline::FormatError& e) {
      strict_error_line = reader.lines_read();
      check(std::string(e.what()).rfind("line " + std::to_string(strict_error_line), 0) == 0);
    } catch (const byline::EncodingError& e) {
      check(!replace);
      strict_error_line = reader.lines_read();
      check(std::string(e.what()).rfind("line " + std::to_string(strict_error_line), 0) == 0);
    }
  }

  std::istringstream in(input);
  opts.skip_bad_lines = true;
  byline::JsonlReader reader(in, opts);
  byline::ArticleRecord rec;
  std::vector<std::size_t> lines;
  while (reader.next(rec)) {
    check(byline::internal::find_invalid_utf8(rec.text) == std::string::npos);
    check(!rec.utf8_replaced || (replace && rec.text.find("\xEF\xBF\xBD") != std::string::npos));
    check(lines.empty() || rec.line > lines.back());
    lines.push_back(rec.line);
  }
  const auto& skipped = reader.skipped();
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    check(skipped[i].line >= 1 && skipped[i].line <= reader.lines_read() && !skipped[i].message.empty());
    check(i == 0 || skipped[i].line > skipped[i - 1].line);
  }
  check(lines.size() + skipped.size() <= reader.lines_read());
  if (strict_error_line == 0) {
    check(skipped.empty() && lines == strict_lines);
  } else {
    check(!skipped.empty() && skipped[0].line == strict_error_line);
    check(std::vector<std::size_t>(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(
                                                                      std::min(lines.size(), strict_lines.size()))) ==
          strict_lines);
  }
  return 0;
}
