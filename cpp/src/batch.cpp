#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "byline/errors.h"
#include "byline/tokenizer.h"
#include "internal/thread_pool.h"

namespace byline {

int resolve_num_threads(int requested) {
  if (requested < 0) throw std::invalid_argument("number of threads must be >= 0 (0 = all cores)");
  if (requested > 0) return requested;
  if (const char* env = std::getenv("BYLINE_PARALLELISM")) {
    std::string v(env);
    if (v == "0" || v == "false" || v == "FALSE" || v == "False" || v == "off") return 1;
  }
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::vector<Doc> tokenize_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
                                int num_threads) {
  int threads = resolve_num_threads(num_threads);
  std::vector<Doc> docs(texts.size());
  internal::parallel_for(texts.size(), threads, [&](std::size_t i) {
    // Errors name the failing text so a caller can find it in a batch.
    try {
      docs[i] = tokenizer.tokenize(texts[i]);
    } catch (const EncodingError& e) {
      throw EncodingError("text " + std::to_string(i) + ": " + e.what(), e.byte_offset());
    } catch (const InputError& e) {
      throw InputError("text " + std::to_string(i) + ": " + e.what());
    }
  });
  return docs;
}

}  // namespace byline
